// Where Yjs documents are kept: an append-only log of updates per room, the binding of Yjs client
// ids to users, and compaction of the log into one snapshot. SQLite implements it today
// (sqlite-doc-store.ts); a Postgres implementation is a new file with the same interface.

export interface StoredDoc {
  /** Updates in the order they were committed; applying all of them rebuilds the document. */
  updates: Uint8Array[]
  /** The row number of each update, in the same order (what a compaction may replace). */
  seqs: number[]
  /** Which user each Yjs client id of this room belongs to. */
  clients: Map<number, string>
}

/** One document write: an update and the client ids it binds for the first time. */
export interface DocWrite {
  room: string
  update: Uint8Array
  bind?: ReadonlyArray<readonly [clientId: number, userId: string]>
}

/**
 * A write bound a Yjs client id that another person already holds in that room (two processes
 * bound it at once): the commit fails whole, and the rooms of its writes reload.
 */
export class BindingConflict extends Error {
  override name = 'BindingConflict'
  constructor(
    readonly room: string,
    readonly clientId: number,
  ) {
    super(`client id ${clientId} in ${room} is bound to someone else`)
  }
}

export interface DocStore {
  load(room: string): Promise<StoredDoc>
  /**
   * Stores all writes in one transaction: when the promise resolves they are durable, and it
   * resolves with each write's row number. A bind of a client id held by someone else fails the
   * commit with BindingConflict. `alongside`
   * runs inside the same transaction, for the relay's own tables (the chat index, waiting inbox
   * rows); each must catch its own errors, or the whole batch is refused.
   */
  commit(writes: readonly DocWrite[], alongside?: ReadonlyArray<() => void>): Promise<number[]>
  /**
   * Replaces the stored updates numbered `replaces` with `snapshot`, which must contain all of
   * them (take it from the live document that loaded or wrote exactly those rows). Rows it does
   * not name stay: another process may have written them, and a later load merges them with the
   * snapshot. Resolves with the snapshot's row number.
   */
  compact(room: string, snapshot: Uint8Array, replaces: readonly number[]): Promise<number>
  /** How many updates the room has stored. */
  countUpdates(room: string): Promise<number>
}
