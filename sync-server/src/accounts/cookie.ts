// Reads one cookie out of a `Cookie` header. Tolerant by design: any malformed header or pair is
// skipped, never thrown on, because the header comes straight from the network.

/** The value of cookie `name`, or undefined. Values are returned raw (session tokens are base64url). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (typeof header !== 'string' || header.length === 0) return undefined
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=')
    if (eq < 0) continue
    if (pair.slice(0, eq).trim() !== name) continue
    let value = pair.slice(eq + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    return value.length > 0 ? value : undefined
  }
  return undefined
}
