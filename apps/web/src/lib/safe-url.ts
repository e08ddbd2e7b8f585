// Where a mention may link, checked in the browser whatever the relay said: an absolute http(s)
// URL or a path on this origin, nothing else (no `javascript:`, `data:`, `//host`, backslashes).
// The rule itself is chat-model's isSafeRecordUrl, the relay's too. Addresses are built from a
// record's type and id only, never from a message's text.

import { isSafeRecordUrl, type RecordType } from '@parley/chat-model'

/**
 * The link as it may be rendered, or null: `{ href, internal }`, where `internal` says that it
 * is a page of this app (a path, or a URL on `origin`) that the router can open in place.
 * @example safeLink('javascript:alert(1)', 'https://parley.example') // null
 */
export function safeLink(url: string, origin: string): { href: string; internal: boolean } | null {
  if (!isSafeRecordUrl(url)) return null
  if (url.startsWith('/')) return { href: url, internal: true }
  const parsed = new URL(url)
  if (parsed.origin === origin) return { href: `${parsed.pathname}${parsed.search}${parsed.hash}`, internal: true }
  return { href: parsed.href, internal: false }
}

/** The host shell's page of a record: `/records/<type>/<id>`, or `/people/<userId>`. */
export function recordPath(type: RecordType, id: string): string {
  return type === 'person' ? `/people/${encodeURIComponent(id)}` : `/records/${type}/${encodeURIComponent(id)}`
}
