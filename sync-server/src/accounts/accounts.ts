// Who the people are: organizations, users and the sessions that prove who is calling. The relay
// core depends only on these interfaces; sqlite-accounts.ts implements them on the relay's file,
// storage/postgres/ on PostgreSQL. Every lookup may wait (a database on the network).

import type { Scheme } from './origin-policy.ts'

export interface User {
  id: string
  orgId: string
  name: string
  email: string
  /** Set once the person was deactivated (ms since epoch): they keep their history but cannot sign in. */
  deactivatedAt?: number
  /**
   * Set once the person was deleted (ms since epoch). A deleted person is deactivated for good:
   * their name, chats and messages stay (shown as a former colleague); their email is replaced
   * and their password removed, so nothing can sign in as them and the email can be used again.
   */
  deletedAt?: number
}

export interface Org {
  id: string
  name: string
}

/** Read access to people, as the relay core needs it. */
export interface Directory {
  userById(id: string): Promise<User | null>
  usersInOrg(orgId: string): Promise<User[]>
}

/** What a new account needs. `password` is the plain text; only its scrypt hash is stored. */
export interface NewUser {
  orgId: string
  email: string
  name: string
  password: string
}

/** Everything the HTTP API, the seed and the admin CLI do with organizations and people. */
export interface Accounts extends Directory {
  orgById(id: string): Promise<Org | null>
  /** Organization names are unique, compared without case. */
  orgByName(name: string): Promise<Org | null>
  listOrgs(): Promise<Org[]>
  /** Throws AccountError `invalid_org_name` or `org_exists`. */
  createOrg(name: string): Promise<Org>
  userByEmail(email: string): Promise<User | null>
  /**
   * Throws AccountError (`unknown_org`, `invalid_email`, `invalid_name`, `weak_password`,
   * `email_taken`). `allowShortPassword` exists for the demo seed's typeable password only.
   */
  createUser(input: NewUser, options?: { allowShortPassword?: boolean }): Promise<User>
  /** The user when the password matches, else null; as slow for an unknown email as a known one. */
  verifyLogin(email: string, password: string): Promise<User | null>
  /**
   * Deactivates (or reactivates) a person. Deactivating ends every session of theirs, so the
   * relay closes their sockets (relay/session-watch.ts); their chats and messages stay.
   * Returns false for an unknown user id.
   */
  setDeactivated(userId: string, deactivated: boolean): Promise<boolean>
  /**
   * Deletes a person as far as signing in goes (see User.deletedAt); their history stays.
   * Ends their sessions. Returns false for an unknown user id; deleting twice changes nothing.
   */
  deleteUser(userId: string): Promise<boolean>
  /** Sets a new password and ends every session of the person. Throws AccountError (`weak_password`, `unknown_user`, `user_deleted`). */
  resetPassword(userId: string, password: string): Promise<void>
  /** Throws AccountError (`unknown_org`, `invalid_org_name`, `org_exists`). */
  renameOrg(orgId: string, name: string): Promise<Org>
}

/** What arrives with an HTTP request or a WebSocket upgrade, as far as authentication cares. */
export interface Credentials {
  /** `Authorization: Bearer …` or `?token=…`. Needs no Origin check. */
  token?: string | undefined
  /** `?ticket=…` at a WebSocket upgrade: single-use and short-lived (sync-tickets.ts). */
  ticket?: string | undefined
  /** The `Cookie` header. Honoured only when `origin` is allowed. */
  cookie?: string | undefined
  /** The `Origin` header. */
  origin?: string | undefined
  /** The `Host` header, for the same-origin check. */
  host?: string | undefined
  /** The scheme the relay was reached by, for the same-origin check; http when not given. */
  scheme?: Scheme | undefined
}

/** A person proven by a session, and which session proves it. */
export interface Authenticated {
  user: User
  /** The session's key (the SHA-256 of its token), for watching whether it has ended. */
  sessionHash: string
  /** When the session expires, in ms since the epoch. */
  expiresAt: number
}

export interface Authenticator {
  /** Who these credentials prove, or null. Never rejects for bad input. May wait (a database). */
  authenticate(credentials: Credentials): Promise<Authenticated | null>
}
