// What the relay's thread and the storage worker (sqlite-write-worker.ts) say to each other. A
// request carries an id and its reply the same id; errors cross as plain fields and become the
// same error classes again (BindingConflict, or an Error with SQLite's `code`, which
// storage-failure.ts reads to tell a full disk from a bug).

import { BindingConflict, type DocWrite, type IndexWrites } from './doc-store.ts'
import type { CheckpointPolicy, CheckpointReport } from './wal-checkpoints.ts'

export interface WorkerSetup {
  file: string
  synchronous: 'normal' | 'full'
  checkpoints: CheckpointPolicy
}

export type WriteRequest = { id: number } & WriteOp

export type WriteOp =
  | { op: 'commit'; writes: readonly DocWrite[]; index: IndexWrites }
  | { op: 'compact'; room: string; snapshot: Uint8Array; replaces: readonly number[] }
  /** A pragma on the worker's own connection (per-connection settings such as max_page_count). */
  | { op: 'pragma'; pragma: string }
  /** Checkpoints and empties the WAL, closes the connection and ends the worker. */
  | { op: 'close' }

export interface ErrorFields {
  name: string
  message: string
  code?: string
  room?: string
  clientId?: number
}

export type WorkerMessage =
  | { kind: 'answer'; id: number; ok: true; value: unknown; seconds: number }
  | { kind: 'answer'; id: number; ok: false; error: ErrorFields }
  /** Checkpoints the worker ran between batches, or why one failed (the next one retries). */
  | { kind: 'checkpoints'; checkpoints: CheckpointReport[]; error?: ErrorFields }

export function errorFields(error: unknown): ErrorFields {
  if (error instanceof BindingConflict) return { name: error.name, message: error.message, room: error.room, clientId: error.clientId }
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined
  return { name: error.name, message: error.message, ...(code ? { code } : {}) }
}

export function errorFrom(fields: ErrorFields): Error {
  if (fields.name === 'BindingConflict' && fields.room !== undefined && fields.clientId !== undefined) {
    return new BindingConflict(fields.room, fields.clientId)
  }
  const error = Object.assign(new Error(fields.message), fields.code ? { code: fields.code } : {})
  error.name = fields.name
  return error
}
