// What a room lets a connection write. The room reads a client's update against its document
// (read-update.ts) and asks its policy to judge what the update would insert and delete, before
// anything is applied: a refused update never touches the document, its storage or its peers.
// A judgement that needs what only the directory knows (the people of a new chat) asks for those
// facts first; the room waits for them, holding back its later frames, then judges.

import type * as Y from 'yjs'
import type { ChatMeta } from '@parley/chat-model'
import type { User } from '../accounts/accounts.ts'
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

/** What a creation judgement found: the chat as it will be registered, in the same commit as the update. */
export interface Created {
  meta: ChatMeta
  /** The creator's organization (every member's). */
  orgId: string
}

/** What the directory said, looked up before judging. */
export interface PolicyFacts {
  /** The people the judgement asked about, by id; null for an id nobody has. */
  readonly people: ReadonlyMap<string, User | null>
}

export type Judgement = { ok: true; created?: Created } | { ok: false; reason: string }
export const OK: Judgement = Object.freeze({ ok: true })
export const refuse = (reason: string): Judgement => ({ ok: false, reason })

export interface RoomPolicy {
  /** False for rooms that carry awareness only: any non-empty update is refused. */
  readonly acceptsUpdates: boolean
  /**
   * Facts the judgement needs that only the directory has (the people of a new chat); null when
   * none, which is every write to an existing document: that path stays synchronous.
   */
  facts?(change: ProposedChange, ctx: PolicyContext): Promise<PolicyFacts> | null
  /** Judges a client's update before it is applied, with the facts it asked for. */
  judge(change: ProposedChange, ctx: PolicyContext, facts?: PolicyFacts): Judgement
}
