// What makes a name, an email or a password acceptable, the same on every storage engine
// (sqlite-accounts.ts, storage/postgres/accounts.ts).

import { AccountError } from './account-error.ts'

export const MIN_PASSWORD_LENGTH = 8
export const MAX_NAME_LENGTH = 100
export const MAX_EMAIL_LENGTH = 254
// Deliberately loose: one @, something on each side, a dot in the domain. Whether the address
// receives mail is not the relay's question.
export const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/

/** The email a deleted person keeps: unique, never deliverable (.invalid), never typed at a login. */
export const formerEmail = (userId: string) => `${userId.toLowerCase()}@former.invalid`

export const normalizeEmail = (email: string) => email.trim().toLowerCase()

/** The trimmed name; throws AccountError `invalid_org_name` or `invalid_name`. */
export const cleanName = (name: string, what: 'org' | 'user'): string => {
  const trimmed = name.trim()
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH) {
    throw what === 'org'
      ? new AccountError('invalid_org_name', `An organization name needs 1 to ${MAX_NAME_LENGTH} characters.`)
      : new AccountError('invalid_name', `A name needs 1 to ${MAX_NAME_LENGTH} characters.`)
  }
  return trimmed
}
