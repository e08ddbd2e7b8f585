// The one rule for where a mention may link, shared by the relay (which builds record URLs) and
// the browser (which checks them again before rendering): an absolute http(s) URL or a
// same-origin path, nothing else.

// Whitespace and control characters never belong in a link; a backslash is read as "/" by
// browsers, so "/\evil.example" would leave the origin.
const FORBIDDEN = /[\u0000-\u0020\u007f-\u009f\\]/u

/**
 * True for an absolute http(s) URL or a same-origin path (`/…` but not `//…`); false for
 * `javascript:`, `data:`, protocol-relative and anything that does not parse.
 * @example isSafeRecordUrl('javascript:alert(1)') // false
 */
export function isSafeRecordUrl(url: string): boolean {
  if (url.length === 0 || url.length > 2048 || FORBIDDEN.test(url)) return false
  if (url.startsWith('/')) return !url.startsWith('//')
  if (!/^https?:\/\//iu.test(url)) return false
  try {
    const parsed = new URL(url)
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== ''
  } catch {
    return false // does not parse: not a link
  }
}
