// Who the people are: organizations, users and the sessions that prove who is calling. The relay
// core depends only on these interfaces; sqlite-accounts.ts implements them on the relay's file.

export interface User {
  id: string
  orgId: string
  name: string
  email: string
}

export interface Org {
  id: string
  name: string
}

/** Read access to people, as the relay core needs it. */
export interface Directory {
  userById(id: string): User | null
  usersInOrg(orgId: string): User[]
}

/** What arrives with an HTTP request or a WebSocket upgrade, as far as authentication cares. */
export interface Credentials {
  /** `Authorization: Bearer …` or `?token=…`. Needs no Origin check. */
  token?: string | undefined
  /** The `Cookie` header. Honoured only when `origin` is allowed. */
  cookie?: string | undefined
  /** The `Origin` header. */
  origin?: string | undefined
  /** The `Host` header, for the same-origin check. */
  host?: string | undefined
}

export interface Authenticator {
  /** The user these credentials prove, or null. Never throws for bad input. */
  authenticate(credentials: Credentials): User | null
}
