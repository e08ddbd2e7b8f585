// Which page origins may use the session cookie: the relay's own (the scheme it was reached by,
// and the host and port of the request's Host header) and the configured PARLEY_ALLOWED_ORIGINS.
// Nothing about tokens.

/** How the relay was reached: over TLS or not (http/request-source.ts decides). */
export type Scheme = 'http' | 'https'

export interface OriginPolicy {
  /**
   * True when `origin` is the relay's own (same scheme, host and port as `scheme://host`) or an
   * allowed one. Missing origin: false.
   */
  allows(origin: string | undefined, host: string | undefined, scheme: Scheme): boolean
}

const sameOrigin = (origin: URL, host: string, scheme: Scheme): boolean => {
  // Host is `hostname[:port]`; parsed under the relay's scheme, URL fills in that scheme's
  // default port and lower-cases the name, as the browser did for the Origin.
  const own = `${scheme}://${host}`
  if (!URL.canParse(own)) return false
  const parsed = new URL(own)
  if (parsed.username || parsed.password || parsed.pathname !== '/' || parsed.search || parsed.hash) return false
  return parsed.origin === origin.origin
}

/** `allowedOrigins` are exact origins such as `https://crm.example.com` (a trailing slash is ignored). */
export function createOriginPolicy(allowedOrigins: readonly string[]): OriginPolicy {
  const allowed = new Set(allowedOrigins.map((o) => (URL.canParse(o) ? new URL(o).origin : o)))
  return {
    allows(origin, host, scheme) {
      // `null` is what sandboxed frames and some redirects send: never trusted.
      if (!origin || origin === 'null' || !URL.canParse(origin)) return false
      const url = new URL(origin)
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
      if (allowed.has(url.origin)) return true
      return host !== undefined && host !== '' && sameOrigin(url, host, scheme)
    },
  }
}
