// The host shell's pages, read from a path: the dashboard, a record's page and a person's page.
// Pure, so it is tested without a browser; state/router.ts follows the address bar.

import { RECORD_TYPES, type RecordType } from '@parley/chat-model'

export type Route =
  | { name: 'home' }
  | { name: 'record'; type: Exclude<RecordType, 'person'>; id: string }
  | { name: 'person'; id: string }
  | { name: 'not-found' }

const decode = (part: string): string | null => {
  try {
    const value = decodeURIComponent(part)
    return value.length > 0 && value.length <= 128 ? value : null
  } catch {
    return null // A malformed escape: no such page.
  }
}

/**
 * The page at `pathname`.
 * @example routeOf('/records/job/1042') // { name: 'record', type: 'job', id: '1042' }
 */
export function routeOf(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' }
  const parts = pathname.replace(/\/+$/u, '').split('/').slice(1)
  if (parts.length === 3 && parts[0] === 'records') {
    const type = parts[1] as RecordType
    const id = decode(parts[2]!)
    if (type !== 'person' && (RECORD_TYPES as readonly string[]).includes(type) && id) return { name: 'record', type, id }
  }
  if (parts.length === 2 && parts[0] === 'people') {
    const id = decode(parts[1]!)
    if (id) return { name: 'person', id }
  }
  return { name: 'not-found' }
}
