// The records that @mentions link to (candidates, jobs, placements… and the organization's
// people), as one small interface: search by name or number, and fetch one for its page.
// Implementations: sqlite-directory.ts (the default), http-directory.ts (a host CRM answers),
// people-directory.ts (adds the organization's people to either). Nothing here stores records.

import type { RecordType } from '@parley/chat-model'

export type { RecordType }

/** One search result: what the @mention list shows and what a mention stores. */
export interface RecordHit {
  type: RecordType
  id: string
  /** The number people know the record by, e.g. `JOB-1042`; empty for people. */
  number: string
  label: string
  /** Where the mention links: an http(s) URL or a same-origin path starting with `/`. */
  url: string
  /**
   * A second line that tells records of one name apart in the @mention list (a company, a job
   * title or an email, whatever the record has); absent when it has none.
   */
  detail?: string
}

/** A record for its page: the hit plus a few named fields, in display order. */
export interface RecordDetail extends RecordHit {
  fields: Record<string, string>
}

export interface RecordDirectory {
  /**
   * The caller's organization's records matching `query` (a name prefix, words of the name, or
   * a number with or without its prefix), best first, at most `limit`.
   * @example await records.search(user.orgId, 'JOB-10', 10)
   */
  search(orgId: string, query: string, limit: number): Promise<RecordHit[]>
  /** One record of the organization, or null when it has none with that type and id. */
  get(orgId: string, type: RecordType, id: string): Promise<RecordDetail | null>
}

/** Why a directory could not answer (only directories that ask another service fail). */
export const RecordsErrorReason = {
  timeout: 'timeout',
  unreachable: 'unreachable',
  badAnswer: 'bad_answer',
} as const
export type RecordsErrorReason = (typeof RecordsErrorReason)[keyof typeof RecordsErrorReason]

export class RecordsError extends Error {
  override name = 'RecordsError'
  constructor(
    readonly reason: RecordsErrorReason,
    message: string,
  ) {
    super(message)
  }
}
