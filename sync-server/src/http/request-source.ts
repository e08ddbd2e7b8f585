// Where a request comes from, as far as the relay's rules care: the scheme the relay was reached
// by (for the cookie's Origin check) and the client's address (for connection and login limits).
// Forwarded headers count only with PARLEY_TRUST_PROXY: anyone can send them to a bare relay.

import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { Context } from 'hono'
import type { Scheme } from '../accounts/origin-policy.ts'

export interface RequestSource {
  scheme: Scheme
  /** The client's IP address ('unknown' when the socket is already gone). */
  ip: string
}

const firstHeader = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

/**
 * The scheme and address of a request. Without `trustProxy`: TLS on the socket and the socket's
 * peer. With it: the first `X-Forwarded-Proto` value and the last `X-Forwarded-For` entry (the one
 * the trusted proxy itself appended; earlier entries are whatever the client claimed).
 */
export function sourceOf(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy: boolean): RequestSource {
  let scheme: Scheme = (req.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http'
  let ip = req.socket.remoteAddress ?? 'unknown'
  if (trustProxy) {
    const proto = firstHeader(req.headers['x-forwarded-proto'])?.split(',')[0]?.trim().toLowerCase()
    if (proto === 'https' || proto === 'http') scheme = proto
    const forwarded = firstHeader(req.headers['x-forwarded-for'])?.split(',').at(-1)?.trim()
    if (forwarded) ip = forwarded
  }
  return { scheme, ip }
}

/**
 * sourceOf for a Hono request. Served by @hono/node-server the Node request is `c.env.incoming`;
 * under `app.request()` in tests there is none, and the URL's scheme and 'unknown' stand in.
 */
export function honoSourceOf(c: Context, trustProxy: boolean): RequestSource {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  if (incoming) return sourceOf(incoming, trustProxy)
  const socket = { encrypted: new URL(c.req.url).protocol === 'https:', remoteAddress: undefined }
  return sourceOf({ headers: c.req.header(), socket: socket as unknown as IncomingMessage['socket'] }, trustProxy)
}
