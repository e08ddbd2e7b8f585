// The relay's HTTP API as typed functions. Every failure becomes an `ApiError` with a stable code:
// the relay's own `{ error }` code, or `network` when the relay could not be reached. Responses are
// checked with valibot so a relay of another version fails loudly here, not deep in the UI.

import * as v from 'valibot'
import { config } from '../config.ts'

const UserSchema = v.object({ id: v.string(), orgId: v.string(), name: v.string(), email: v.string() })
const OrgSchema = v.object({ id: v.string(), name: v.string() })
/** `left`: deactivated by the organization; their chats stay readable, nobody starts a new one. */
const PersonSchema = v.object({ id: v.string(), name: v.string(), email: v.string(), left: v.optional(v.boolean()) })

export type User = v.InferOutput<typeof UserSchema>
export type Org = v.InferOutput<typeof OrgSchema>
export type Person = v.InferOutput<typeof PersonSchema>

const LoginSchema = v.object({ token: v.string(), user: UserSchema })
const SyncTicketSchema = v.object({ ticket: v.string(), expiresAt: v.number() })
const EmbedSchema = v.object({ allowedOrigins: v.array(v.string()) })
const MeSchema = v.object({ user: UserSchema, org: OrgSchema })
const UsersSchema = v.object({ users: v.array(PersonSchema) })
const DemoLoginsSchema = v.object({
  password: v.string(),
  users: v.array(v.object({ name: v.string(), email: v.string(), org: v.optional(v.string()) })),
})
export type DemoLogins = v.InferOutput<typeof DemoLoginsSchema>

export type ApiErrorCode = 'network' | 'invalid_credentials' | 'unauthorized' | 'invalid_body' | 'bad_response' | (string & {})

/** A failed API call. `code` is the relay's error code, `network` or `bad_response`. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly code: ApiErrorCode,
    readonly status: number,
  ) {
    super(`API error ${status}: ${code}`)
  }
}

/**
 * The session token sent as `Authorization: Bearer` with every call, or null for the cookie.
 * The embedded panel sets it: inside a cross-site frame the session cookie is never sent.
 */
let bearer: string | null = null
export const setApiBearer = (token: string | null) => {
  bearer = token
}
/** True when calls carry a bearer token instead of the cookie (then WebSockets open with tickets). */
export const usesBearer = () => bearer !== null

/** One call to the relay's API, its answer checked against `schema`. */
export async function request<S extends v.GenericSchema>(schema: S, path: string, init?: RequestInit): Promise<v.InferOutput<S>> {
  let response: Response
  try {
    response = await fetch(config.apiBase + path, {
      credentials: 'same-origin',
      ...init,
      headers: {
        accept: 'application/json',
        ...(init?.body ? { 'content-type': 'application/json' } : {}),
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
    })
  } catch {
    throw new ApiError('network', 0)
  }
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const code = typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : `http_${response.status}`
    throw new ApiError(code, response.status)
  }
  const parsed = v.safeParse(schema, body)
  if (!parsed.success) throw new ApiError('bad_response', response.status)
  return parsed.output
}

const post = (body?: unknown): RequestInit => ({ method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) })

export const api = {
  login: (email: string, password: string) => request(LoginSchema, '/login', post({ email, password })),
  logout: () => request(v.unknown(), '/logout', post()),
  me: () => request(MeSchema, '/me'),
  /** A host application's token (docs/embedding.md) for a session. */
  hostSession: (token: string) => request(LoginSchema, '/sessions/host', post({ token })),
  /** Which origins may embed the panel. */
  embed: () => request(EmbedSchema, '/embed'),
  users: () => request(UsersSchema, '/users'),
  /** A single-use ticket that opens one WebSocket for this session (`?ticket=`). */
  syncTicket: () => request(SyncTicketSchema, '/sync-tickets', post()),
  /** The demo people and their password, or null when the relay runs without demo data (404). */
  demoLogins: (): Promise<DemoLogins | null> =>
    request(DemoLoginsSchema, '/demo-logins').catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return null
      throw error
    }),
}
