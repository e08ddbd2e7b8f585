// Where a mention of a record links: the relay's own record page by default, or a per-type URL
// template pointing into a host CRM. Only http(s) URLs and same-origin paths are ever produced;
// this module does not decide who may see a record.

import { RECORD_TYPES, isSafeRecordUrl, type RecordType } from '@parley/chat-model'

export type UrlTemplates = Readonly<Record<RecordType, string>>

/** The web app's pages: `/records/<type>/<id>`, and `/people/<userId>` for people. */
export const DEFAULT_URL_TEMPLATES: UrlTemplates = Object.freeze({
  ...(Object.fromEntries(RECORD_TYPES.map((type) => [type, `/records/${type}/{id}`])) as Record<RecordType, string>),
  person: '/people/{id}',
})

const PLACEHOLDER = /\{([^{}]*)\}/g
const KNOWN_PLACEHOLDERS = new Set(['id', 'number', 'type'])
/** Replaces `{id}`, `{number}` and `{type}` with the record's values, URL-encoded. */
export function fillUrlTemplate(template: string, record: { type: RecordType; id: string; number: string }): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    name === 'id' ? encodeURIComponent(record.id) : name === 'number' ? encodeURIComponent(record.number) : name === 'type' ? record.type : whole,
  )
}

/**
 * What is wrong with a configured template, or null when it is usable: it must be an http(s)
 * URL or a path starting with `/`, contain `{id}`, and use no other placeholder than
 * `{id}`, `{number}` and `{type}`.
 * @example checkUrlTemplate('https://crm.example.com/jobs/{id}') // null
 */
export function checkUrlTemplate(template: string): string | null {
  const unknown = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((name) => !KNOWN_PLACEHOLDERS.has(name))
  if (unknown.length > 0) return `unknown placeholder {${unknown[0]}} (use {id}, {number} or {type})`
  if (!template.includes('{id}')) return 'it must contain {id}, or every record would link to the same page'
  if (!template.startsWith('/') && !/^https?:\/\//i.test(template)) return 'it must start with http://, https:// or / (a path on the relay\'s own origin)'
  if (!isSafeRecordUrl(fillUrlTemplate(template, { type: 'job', id: 'x', number: 'JOB-1' }))) {
    return 'it is not an http(s) URL or a same-origin path (no "//" at the start, no spaces or backslashes)'
  }
  return null
}

/**
 * The link for a record: its type's template filled in, or the relay's own page when the result
 * would not be safe (an odd id inside a host name, say). Never anything but http(s) or `/…`.
 */
export function recordUrl(templates: UrlTemplates, record: { type: RecordType; id: string; number: string }): string {
  const url = fillUrlTemplate(templates[record.type], record)
  return isSafeRecordUrl(url) ? url : fillUrlTemplate(DEFAULT_URL_TEMPLATES[record.type], record)
}
