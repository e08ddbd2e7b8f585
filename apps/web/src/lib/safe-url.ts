// Where a mention may link, checked in the browser whatever the relay said: an absolute http(s)
// URL or a path on this origin, nothing else (no `javascript:`, `data:`, `//host`, backslashes).
// The same rule as the relay's url-template.ts, kept here because the web app never imports the
// relay. Addresses are built from a record's type and id only, never from a message's text.

import type { RecordType } from '@parley/chat-model'

// Whitespace and control characters never belong in a link; a backslash is read as "/" by
// browsers, so "/\evil.example" would leave the origin.
const FORBIDDEN = /[\u0000-\u0020\u007f-\u009f\\]/u

/**
 * The link as it may be rendered, or null: `{ href, internal }`, where `internal` says that it
 * is a page of this app (a path, or a URL on `origin`) that the router can open in place.
 * @example safeLink('javascript:alert(1)', 'https://parley.example') // null
 */
export function safeLink(url: string, origin: string): { href: string; internal: boolean } | null {
  if (url.length === 0 || url.length > 2048 || FORBIDDEN.test(url)) return null
  if (url.startsWith('/')) return url.startsWith('//') ? null : { href: url, internal: true }
  if (!/^https?:\/\//iu.test(url)) return null
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null // Not a URL at all: no link.
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') return null
  if (parsed.origin === origin) return { href: `${parsed.pathname}${parsed.search}${parsed.hash}`, internal: true }
  return { href: parsed.href, internal: false }
}

/** The host shell's page of a record: `/records/<type>/<id>`, or `/people/<userId>`. */
export function recordPath(type: RecordType, id: string): string {
  return type === 'person' ? `/people/${encodeURIComponent(id)}` : `/records/${type}/${encodeURIComponent(id)}`
}
