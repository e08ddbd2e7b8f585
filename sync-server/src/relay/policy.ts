// What a room lets a connection write. The room reads a client's update against its document
// (read-update.ts) and asks its policy to judge what the update would insert and delete, before
// anything is applied: a refused update never touches the document, its storage or its peers.

import type * as Y from 'yjs'
import type { Deletion, Insert } from './read-update.ts'

export interface PolicyContext {
  /** The user whose connection sent the update. */
  readonly userId: string
  /** The user a Yjs client id is bound to in this room, including bindings this update makes. */
  ownerOf(client: number): string | undefined
  /** The relay's clock, ms since the epoch. */
  readonly now: number
}

/** What a client update would change, read before it is applied. */
export interface ProposedChange {
  /** The room's document as it is now (before the change); read it, never write it. */
  readonly doc: Y.Doc
  readonly inserts: readonly Insert[]
  readonly deletes: readonly Deletion[]
}

export type Judgement = { ok: true; created?: unknown } | { ok: false; reason: string }
export const OK: Judgement = Object.freeze({ ok: true })
export const refuse = (reason: string): Judgement => ({ ok: false, reason })

export interface RoomPolicy {
  /** False for rooms that carry awareness only: any non-empty update is refused. */
  readonly acceptsUpdates: boolean
  /** Judges a client's update before it is applied. */
  judge(change: ProposedChange, ctx: PolicyContext): Judgement
}
