// What this relay knows of the epochs of each chat it has loaded (docs/protocol.md, "Epochs"): the
// head, each epoch's stats as stored, and the live counts of the epochs loaded here (which follow
// other relays' writes through the bus); and the seal, which moves the head on once it holds
// PARLEY_EPOCH_MESSAGES messages. chat-indexing.ts turns this into inbox rows.

import type * as Y from 'yjs'
import { INBOX_PREVIEW_LENGTH, type InboxChat, type Message } from '@parley/chat-model'
import type { EpochStats } from '../chats/chat-epochs.ts'
import type { ChatIndex, ChatRecord } from '../chats/chat-index.ts'
import type { IndexWrites } from '../storage/doc-store.ts'
import type { ChatStats } from './chat-stats.ts'
import type { DocRoom } from './doc-room.ts'

/** One chat, while any of its epochs is loaded here. */
export interface ChatEpochs {
  head: number
  /** Each epoch's stats as stored (read at load, or as this relay last wrote them); null while there are none. */
  stored: Map<number, EpochStats> | null
  /** The counts of each epoch loaded here, live. */
  readonly live: Map<number, ChatStats>
}

export interface ChatHeadsOptions {
  chats: Pick<ChatIndex, 'get' | 'epochs'>
  /** Messages (items of `messages`, tombstones included) at which the head epoch is sealed. */
  epochMessages: number
  /** Adds side-table writes to the next commit (the committer's `index`). */
  index(writes: Partial<IndexWrites>): void
  /** Runs `fn` once everything written so far is stored (the committer's afterCommit). */
  afterCommit(fn: () => void): void
  /** The relay sealed `epoch` of `chatId`, and the seal is stored. */
  onSealed?(chatId: string, epoch: number): void
}

const previewOf = (m: Message | null): InboxChat['lastMessage'] =>
  m ? { id: m.id, author: m.author, text: m.text.slice(0, INBOX_PREVIEW_LENGTH), at: m.at } : null

export const statsOf = (chatId: string, epoch: number, stats: ChatStats): EpochStats => ({
  chatId,
  epoch,
  messages: stats.count,
  byAuthor: stats.authors(),
  lastMessage: previewOf(stats.last()),
})

const sameStats = (a: EpochStats | undefined, b: EpochStats) => a !== undefined && JSON.stringify(a) === JSON.stringify(b)

export function createChatHeads(options: ChatHeadsOptions) {
  const states = new Map<string, ChatEpochs>()

  return {
    /**
     * Follows a loaded epoch's live counts until its room is destroyed; reads the chat's head (and,
     * for a chat of several epochs, its stats) from the index on the way.
     */
    async attach(room: DocRoom, chatId: string, epoch: number, stats: ChatStats): Promise<{ chat: ChatEpochs; record: ChatRecord | null }> {
      const record = await options.chats.get(chatId)
      // Stats rows exist only once a chat has several epochs (the seal writes the first).
      const stored = record && record.head > 0 ? await options.chats.epochs(chatId) : []
      let chat = states.get(chatId)
      if (!chat) {
        // `stored` is made on the first stats row: a chat of one epoch, most chats, never has one.
        chat = { head: 0, stored: null, live: new Map() }
        states.set(chatId, chat)
      }
      // Opening epoch n means the head was at least n when access was checked.
      chat.head = Math.max(chat.head, record?.head ?? 0, epoch)
      for (const e of stored) (chat.stored ??= new Map()).set(e.epoch, e)
      chat.live.set(epoch, stats)
      const held = chat
      room.onDestroy(() => {
        if (held.live.get(epoch) !== stats) return
        held.live.delete(epoch)
        if (held.live.size === 0 && states.get(chatId) === held) states.delete(chatId)
      })
      return { chat, record }
    },

    /**
     * Seals the head when it holds enough messages: the head moves on in the next commit, with the
     * update that filled it and the sealed epoch's stats (head = max(head, n), so another relay
     * sealing the same epoch agrees).
     */
    sealIfFull(chatId: string, epoch: number, chat: ChatEpochs, stats: ChatStats, messages: Y.Array<Message>): boolean {
      if (epoch !== chat.head || messages.length < options.epochMessages) return false
      chat.head = epoch + 1
      const sealed = statsOf(chatId, epoch, stats)
      ;(chat.stored ??= new Map()).set(epoch, sealed)
      options.index({ sealed: [[chatId, chat.head]], epochs: [sealed] })
      if (options.onSealed) options.afterCommit(() => options.onSealed?.(chatId, epoch))
      return true
    },

    /**
     * The epoch's stats when they are to be written, noted as stored: a chat of one epoch needs no
     * stats row (its rows are that epoch's live counts, and its seal stores them), so only chats of
     * several epochs pay the extra row.
     */
    takeChanged(chatId: string, epoch: number, chat: ChatEpochs, stats: ChatStats): EpochStats | null {
      if (chat.head === 0) return null
      const now = statsOf(chatId, epoch, stats)
      if (sameStats(chat.stored?.get(epoch), now)) return null
      ;(chat.stored ??= new Map()).set(epoch, now)
      return now
    },

    /** Whether the epoch's live counts differ from what is stored, in a chat of several epochs. */
    isStale(chatId: string, epoch: number, chat: ChatEpochs, stats: ChatStats): boolean {
      return chat.head > 0 && !sameStats(chat.stored?.get(epoch), statsOf(chatId, epoch, stats))
    },

    /** Every epoch's stats: live where the epoch is loaded here, as stored for the rest. */
    epochsOf(chatId: string, chat: ChatEpochs): Iterable<EpochStats> {
      const epochs = new Map(chat.stored ?? [])
      for (const [epoch, stats] of chat.live) epochs.set(epoch, statsOf(chatId, epoch, stats))
      return epochs.values()
    },

    /**
     * Reads again the stored stats of the epochs of loaded chats that are not loaded here: another
     * relay may have counted a late write to one of them. Returns the chats whose stats changed.
     */
    async refreshStored(): Promise<string[]> {
      const changed: string[] = []
      for (const [chatId, chat] of [...states]) {
        if (chat.head === 0) continue
        const stored = await options.chats.epochs(chatId)
        // Unloaded meanwhile, or reloaded (a new state read the index itself).
        if (states.get(chatId) !== chat) continue
        let differs = false
        for (const e of stored) {
          if (chat.live.has(e.epoch) || sameStats(chat.stored?.get(e.epoch), e)) continue
          ;(chat.stored ??= new Map()).set(e.epoch, e)
          differs = true
        }
        if (differs) changed.push(chatId)
      }
      return changed
    },

    get: (chatId: string) => states.get(chatId),
  }
}

export type ChatHeads = ReturnType<typeof createChatHeads>
