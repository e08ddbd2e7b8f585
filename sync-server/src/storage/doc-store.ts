// Where Yjs documents are kept: an append-only log of updates per room, the binding of Yjs client
// ids to users, and compaction of the log into one snapshot; the relay's side tables that must
// move with the documents (the chat index, waiting inbox rows) are written in the same commit.
// SQLite implements it (sqlite-doc-store.ts), PostgreSQL too (postgres/).

import type { EpochStats } from '../chats/chat-epochs.ts'
import type { ChatRecord } from '../chats/chat-index.ts'
import type { PendingInboxRow } from '../chats/pending-inbox-rows.ts'

export type { EpochStats, PendingInboxRow }

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

/** Side-table writes committed in the same transaction as a batch of document writes. */
export interface IndexWrites {
  /** Chats created by documents in this commit; a chat id that exists already is left as it is. */
  registered: ReadonlyArray<Omit<ChatRecord, 'lastMessageAt' | 'head'>>
  /** When each chat last had a message: last_message_at = max(existing, at). */
  touched: ReadonlyArray<readonly [chatId: string, lastMessageAt: number]>
  /** Rows waiting for their inbox document, replacing an older row of the same (user, chat). */
  waiting: readonly PendingInboxRow[]
  /** Chats whose head moved: head = max(existing, head), so that two relays sealing at once agree. */
  sealed: ReadonlyArray<readonly [chatId: string, head: number]>
  /** Epochs whose stats changed, replacing the stored row of the same (chat, epoch). */
  epochs: readonly EpochStats[]
}

export const NO_INDEX_WRITES: IndexWrites = Object.freeze({ registered: [], touched: [], waiting: [], sealed: [], epochs: [] })

/** True when `index` holds anything to write. */
export const hasIndexWrites = (index: Partial<IndexWrites> | undefined): boolean =>
  Boolean(
    index &&
      ((index.registered?.length ?? 0) > 0 ||
        (index.touched?.length ?? 0) > 0 ||
        (index.waiting?.length ?? 0) > 0 ||
        (index.sealed?.length ?? 0) > 0 ||
        (index.epochs?.length ?? 0) > 0),
  )

export interface DocStore {
  load(room: string): Promise<StoredDoc>
  /**
   * Stores all writes and the index writes in one transaction: when the promise resolves they are
   * durable, and it resolves with each write's row number. A bind of a client id held by someone
   * else fails the commit with BindingConflict.
   */
  commit(writes: readonly DocWrite[], index?: IndexWrites): Promise<number[]>
  /**
   * Replaces the stored updates numbered `replaces` with `snapshot`, which must contain all of
   * them (take it from the live document that loaded or wrote exactly those rows). Rows it does
   * not name stay: another process may have written them, and a later load merges them with the
   * snapshot. Resolves with the snapshot's row number.
   */
  compact(room: string, snapshot: Uint8Array, replaces: readonly number[]): Promise<number>
  /** How many updates the room has stored. */
  countUpdates(room: string): Promise<number>
  /** Updates of the room stored after row `afterSeq` (for catching up after a missed bus message). */
  loadSince(room: string, afterSeq: number): Promise<StoredDoc>
}
