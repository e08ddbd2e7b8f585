// Which pages may frame Parley: its own and PARLEY_ALLOWED_ORIGINS, through the CSP
// `frame-ancestors` directive on every response; the browser then refuses any other framer.
//
// FOR THE LEAD AT MERGE: the security-headers module (http/security-headers.ts) sends a whole
// CSP with `frame-ancestors 'self'` + allowed origins; this file is only what the embedding
// tests need. Fold `frameAncestorsDirective` into that module and delete this middleware.

import type { MiddlewareHandler } from 'hono'

/** `frame-ancestors 'self' https://crm.example.com …` for the allowed origins. */
export const frameAncestorsDirective = (allowedOrigins: readonly string[]): string =>
  ["frame-ancestors 'self'", ...allowedOrigins.map((o) => (URL.canParse(o) ? new URL(o).origin : o))].join(' ')

export function frameAncestors(allowedOrigins: readonly string[]): MiddlewareHandler {
  const value = frameAncestorsDirective(allowedOrigins)
  return async (c, next) => {
    await next()
    if (!c.res.headers.has('Content-Security-Policy')) c.res.headers.set('Content-Security-Policy', value)
  }
}
