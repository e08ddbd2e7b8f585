// The one error type of account changes, with a reason the HTTP API and the CLI can switch on.
// Lookups do not throw: they return null.

export const AccountErrorReason = {
  invalidOrgName: 'invalid_org_name',
  orgExists: 'org_exists',
  unknownOrg: 'unknown_org',
  unknownUser: 'unknown_user',
  invalidEmail: 'invalid_email',
  invalidName: 'invalid_name',
  weakPassword: 'weak_password',
  emailTaken: 'email_taken',
  userDeleted: 'user_deleted',
} as const
export type AccountErrorReason = (typeof AccountErrorReason)[keyof typeof AccountErrorReason]

export class AccountError extends Error {
  override name = 'AccountError'
  constructor(
    readonly reason: AccountErrorReason,
    message: string,
  ) {
    super(message)
  }
}
