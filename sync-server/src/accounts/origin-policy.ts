// Which page origins may use the session cookie: the relay's own (same host and port as the
// request's Host header) and the configured PARLEY_ALLOWED_ORIGINS. Nothing about tokens.

export interface OriginPolicy {
  /** True when `origin` is the relay's own (per `host`) or an allowed one. Missing origin: false. */
  allows(origin: string | undefined, host: string | undefined): boolean
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' }

/** `hostname:port` with the scheme's default port written out, so `a.com` and `a.com:443` match. */
const hostPort = (hostname: string, port: string, protocol: string) => `${hostname}:${port || DEFAULT_PORTS[protocol] || ''}`

const sameOrigin = (origin: URL, host: string): boolean => {
  // Host is `hostname[:port]`; parsing it under the Origin's scheme fills in that scheme's
  // default port, the same way the browser did for the Origin.
  const url = `${origin.protocol}//${host}`
  if (!URL.canParse(url)) return false
  const parsed = new URL(url)
  if (parsed.username || parsed.password || parsed.pathname !== '/' || parsed.search || parsed.hash) return false
  return hostPort(parsed.hostname, parsed.port, parsed.protocol) === hostPort(origin.hostname, origin.port, origin.protocol)
}

/** `allowedOrigins` are exact origins such as `https://crm.example.com` (a trailing slash is ignored). */
export function createOriginPolicy(allowedOrigins: readonly string[]): OriginPolicy {
  const allowed = new Set(allowedOrigins.map((o) => (URL.canParse(o) ? new URL(o).origin : o)))
  return {
    allows(origin, host) {
      // `null` is what sandboxed frames and some redirects send: never trusted.
      if (!origin || origin === 'null' || !URL.canParse(origin)) return false
      const url = new URL(origin)
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
      if (allowed.has(url.origin)) return true
      return host !== undefined && host !== '' && sameOrigin(url, host)
    },
  }
}
