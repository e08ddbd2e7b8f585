// Ids for organizations and users. They end up in room names (`inbox/<userId>`,
// `presence/<orgId>`), so they are URL-safe: 16 random bytes, base64url, 22 characters.

import { randomBytes } from 'node:crypto'

export const newAccountId = (): string => randomBytes(16).toString('base64url')
