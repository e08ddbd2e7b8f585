// History pages of a chat (GET /api/chats/:chatId/history): the messages of its sealed epochs
// (head − 1 down to 0), newest page first, read from the stored epoch documents, never from a
// client. Each epoch is rendered once (epoch-renderer.ts, off the event loop) and kept in an LRU
// bounded in bytes, keyed by its room and the highest stored row it was rendered from: a late
// write to a sealed epoch adds a row, so the next request sees a newer row and renders again.
//
// A cursor `<epoch>.<index>` stands for "the messages before index `index` of epoch `epoch`, then
// every older epoch"; `<epoch>.0` continues at the end of epoch − 1. Clients treat it as opaque.

import { LRUCache } from 'lru-cache'
import { chatRoom } from '@parley/protocol'
import type { DocStore } from '../storage/doc-store.ts'
import type { ChatIndex } from './chat-index.ts'
import { sliceEpoch, type RenderedEpoch } from './epoch-render.ts'
import type { EpochRenderer } from './epoch-renderer.ts'

export interface HistoryPage {
  /** The JSON body: { chatId, head, messages, before }. */
  body: string
  /** Changes whenever the head or a stored epoch the page was read from changes. */
  etag: string
}

export interface ChatHistory {
  /**
   * The page of `chatId` that `userId` asked for; null when there is no such chat or the user is
   * not a member. Throws CursorError for a cursor this chat never gave out.
   */
  page(chatId: string, userId: string, options: { before?: string | undefined; limit: number }): Promise<HistoryPage | null>
  /**
   * Renders a sealed epoch into the cache ahead of its first page (called once the relay has
   * stored its seal), so that the first reader of a long chat does not wait for the render.
   */
  warm(chatId: string, epoch: number): Promise<void>
}

export class CursorError extends Error {
  override name = 'CursorError'
}

export interface ChatHistoryOptions {
  chats: Pick<ChatIndex, 'get'>
  store: Pick<DocStore, 'load' | 'loadSince'>
  renderer: EpochRenderer
  /** Bytes of rendered epochs kept in memory. */
  cacheBytes: number
}

interface Cached {
  /** The highest stored row the rendering includes. */
  seq: number
  rendered: RenderedEpoch
}

const CURSOR = /^(\d{1,7})\.(\d{1,9})$/

/** The highest of `seqs` (a loop: a long room may have too many rows to spread). */
const highest = (seqs: readonly number[]): number => {
  let top = 0
  for (const seq of seqs) if (seq > top) top = seq
  return top
}

export function createChatHistory(options: ChatHistoryOptions): ChatHistory {
  const { chats, store, renderer } = options
  const cache = new LRUCache<string, Cached>({
    maxSize: Math.max(1, options.cacheBytes),
    sizeCalculation: (entry) => entry.rendered.json.byteLength + entry.rendered.offsets.byteLength + 64,
  })
  /** Renders in flight, by room and row, so that concurrent requests share one. */
  const rendering = new Map<string, Promise<Cached>>()

  const renderFresh = async (room: string, epoch: number): Promise<Cached> => {
    const stored = await store.load(room)
    const seq = highest(stored.seqs)
    const key = `${room}@${seq}`
    let pending = rendering.get(key)
    if (!pending) {
      pending = renderer.render(stored.updates, epoch).then((rendered) => ({ seq, rendered }))
      rendering.set(key, pending)
      void pending.then(
        (entry) => {
          rendering.delete(key)
          if (options.cacheBytes > 0) cache.set(room, entry)
        },
        () => rendering.delete(key),
      )
    }
    return pending
  }

  /** The epoch as stored now: the cached rendering when no row was stored after it. */
  const epochNow = async (chatId: string, epoch: number): Promise<Cached> => {
    const room = chatRoom(chatId, epoch)
    const cached = cache.get(room)
    if (cached && (await store.loadSince(room, cached.seq)).updates.length === 0) return cached
    return renderFresh(room, epoch)
  }

  return {
    async warm(chatId, epoch) {
      if (options.cacheBytes > 0) await epochNow(chatId, epoch)
    },
    async page(chatId, userId, { before, limit }) {
      const chat = await chats.get(chatId)
      if (!chat || !chat.members.includes(userId)) return null
      const head = chat.head
      let epoch = head - 1
      let end = Number.POSITIVE_INFINITY
      if (before !== undefined) {
        const match = CURSOR.exec(before)
        if (!match || Number(match[1]) >= head) throw new CursorError('before must be a cursor this chat gave out')
        epoch = Number(match[1])
        end = Number(match[2])
      }
      const chunks: string[] = []
      const tags: string[] = []
      let left = limit
      let next: string | null = null
      while (epoch >= 0) {
        const { seq, rendered } = await epochNow(chatId, epoch)
        tags.push(`${epoch}@${seq}`)
        const stop = Math.min(end, rendered.count)
        const start = Math.max(0, stop - left)
        const slice = sliceEpoch(rendered, start, stop)
        if (slice) chunks.unshift(slice)
        left -= stop - start
        if (start > 0) {
          next = `${epoch}.${start}`
          break
        }
        if (left === 0) {
          next = epoch > 0 ? `${epoch}.0` : null
          break
        }
        epoch -= 1
        end = Number.POSITIVE_INFINITY
      }
      const body = `{"chatId":${JSON.stringify(chatId)},"head":${head},"messages":[${chunks.join(',')}],"before":${JSON.stringify(next)}}`
      return { body, etag: `W/"${head}:${tags.join(',')}:${before ?? ''}:${limit}"` }
    },
  }
}
