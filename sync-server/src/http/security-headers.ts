// The browser-facing security headers of every HTTP answer (the web app and the API), in one
// place: a strict Content-Security-Policy (scripts and styles from the relay's own files only,
// nothing inline), nosniff, and who may frame Parley (the relay itself and the CRMs listed in
// PARLEY_ALLOWED_ORIGINS, which embed the chat panel in an iframe).

import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

/** The CSP directives, for the docs and the tests as well as the header. */
export function contentSecurityPolicy(allowedOrigins: readonly string[]) {
  const self = "'self'"
  return {
    defaultSrc: [self],
    scriptSrc: [self],
    styleSrc: [self],
    // The favicon is an inline SVG data: URL (apps/web/index.html).
    imgSrc: [self, 'data:'],
    fontSrc: [self],
    // 'self' covers ws:// and wss:// to the relay's own host (CSP level 3).
    connectSrc: [self],
    workerSrc: [self],
    manifestSrc: [self],
    objectSrc: ["'none'"],
    baseUri: [self],
    formAction: [self],
    frameAncestors: [self, ...allowedOrigins.map((o) => (URL.canParse(o) ? new URL(o).origin : o))],
  }
}

export function securityHeaders(allowedOrigins: readonly string[]): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: contentSecurityPolicy(allowedOrigins),
    xContentTypeOptions: true,
    // frame-ancestors decides in every current browser; X-Frame-Options can name no other origin,
    // so it is sent only when no CRM may embed the panel.
    xFrameOptions: allowedOrigins.length === 0 ? 'SAMEORIGIN' : false,
    // HSTS belongs to whoever terminates TLS (docs/configuration.md, behind a reverse proxy), and
    // a same-origin resource policy would stop a host page from loading the relay's embed script.
    strictTransportSecurity: false,
    crossOriginResourcePolicy: false,
  })
}
