// The chat index's side-table writes are gathered and ride in one commit: the last row of each
// (person, chat) and the latest time of each chat, with the callbacks that wait for them run only
// once they are stored; registrations and documents are never held back.

import { describe, expect, it, vi } from 'vitest'
import type { InboxChat } from '@parley/chat-model'
import type { DocStore, DocWrite, IndexWrites } from '../storage/doc-store.ts'
import { createCommitter } from './committer.ts'
import { createSideWrites } from './side-writes.ts'

/** A store that commits at once and keeps every batch it was given. */
function recordingStore() {
  const batches: Array<{ writes: readonly DocWrite[]; index: IndexWrites | undefined }> = []
  const store: DocStore = {
    load: async () => ({ updates: [], seqs: [], clients: new Map() }),
    loadSince: async () => ({ updates: [], seqs: [], clients: new Map() }),
    commit: async (writes, index) => {
      batches.push({ writes, index })
      return writes.map((_, i) => batches.length * 100 + i)
    },
    compact: async () => 0,
    countUpdates: async () => 0,
  }
  return { store, batches }
}

const row = (chatId: string, messageCount: number): InboxChat => ({
  chatId,
  members: ['alice', 'bob'],
  startedBy: 'alice',
  startedAt: 1,
  lastMessage: null,
  messageCount,
  fromOthers: 0,
  unread: 0,
})

describe('side writes', () => {
  it('gathers the rows of several turns into one commit, keeping the last row per person and chat and the latest time', async () => {
    const { store, batches } = recordingStore()
    const committer = createCommitter(store, { onError: (error) => expect.fail(String(error)) })
    const side = createSideWrites(committer, { everyMs: 30 })
    const hinted: string[] = []
    side.index({ touched: [['c1', 10]], waiting: [{ userId: 'bob', row: row('c1', 1) }] })
    side.afterCommit(() => hinted.push('first'))
    await new Promise((resolve) => setImmediate(resolve))
    side.index({ touched: [['c1', 20], ['c2', 5]], waiting: [{ userId: 'bob', row: row('c1', 2) }, { userId: 'alice', row: row('c2', 1) }] })
    side.afterCommit(() => hinted.push('second'))
    await new Promise((resolve) => setImmediate(resolve))
    expect(batches).toEqual([])
    expect(hinted).toEqual([])

    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 2000, interval: 5 })
    await committer.flush()
    const index = batches[0]!.index!
    expect(index.touched).toEqual([['c1', 20], ['c2', 5]])
    expect(index.waiting.map((w) => [w.userId, w.row.chatId, w.row.messageCount])).toEqual([['bob', 'c1', 2], ['alice', 'c2', 1]])
    expect(hinted).toEqual(['first', 'second'])
    side.stop()
  })

  it('commits what is gathered on flush, and never holds back registrations or callbacks with nothing gathered', async () => {
    const { store, batches } = recordingStore()
    const committer = createCommitter(store, { onError: (error) => expect.fail(String(error)) })
    const side = createSideWrites(committer, { everyMs: 60_000 })
    let ran = false
    side.afterCommit(() => (ran = true))
    expect(ran).toBe(true) // nothing queued anywhere: at once, as the committer does

    const chat = { id: 'c1', orgId: 'o', createdBy: 'alice', createdAt: 1, members: ['alice', 'bob'] }
    side.index({ registered: [chat], waiting: [{ userId: 'bob', row: row('c1', 1) }] })
    await committer.flush()
    expect(batches.map((b) => b.index?.registered)).toEqual([[chat]])
    expect(batches[0]!.index!.waiting).toEqual([])

    await side.flush()
    expect(batches).toHaveLength(2)
    expect(batches[1]!.index!.waiting.map((w) => w.userId)).toEqual(['bob'])
    side.stop()
  })

  it('collects what is owed once per hand-over, on the timer or on flush, and holds callbacks given meanwhile until it is stored', async () => {
    const { store, batches } = recordingStore()
    const committer = createCommitter(store, { onError: (error) => expect.fail(String(error)) })
    let collections = 0
    let messages = 0
    let owedChats = 0
    const side = createSideWrites(committer, {
      everyMs: 30,
      rows: {
        collect: () => {
          collections++
          owedChats = 0
          side.index({ touched: [['c1', messages]], waiting: [{ userId: 'bob', row: row('c1', messages) }] })
        },
        owedChats: () => owedChats,
      },
    })
    const owe = () => {
      owedChats = 1
      side.owe()
    }
    const hinted: number[] = []
    for (messages = 1; messages <= 3; messages++) {
      owe()
      side.afterCommit(() => hinted.push(messages))
      await new Promise((resolve) => setImmediate(resolve))
    }
    messages = 3
    expect(collections).toBe(0)
    expect(batches).toEqual([])

    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 2000, interval: 5 })
    await committer.flush()
    expect(collections).toBe(1)
    expect(batches[0]!.index!.waiting.map((w) => w.row.messageCount)).toEqual([3])
    expect(hinted).toEqual([3, 3, 3])

    // A flush collects at once (an inbox about to load reads every row owed to it).
    owe()
    messages = 4
    await side.flush()
    expect(collections).toBe(2)
    expect(batches.at(-1)!.index!.waiting.map((w) => w.row.messageCount)).toEqual([4])
    side.stop()
  })

  it('slices a timed hand-over into commits of a few chats each on later turns, holding callbacks until the last; a flush takes all at once', async () => {
    const { store, batches } = recordingStore()
    const committer = createCommitter(store, { onError: (error) => expect.fail(String(error)) })
    let owed: string[] = []
    const limits: number[] = []
    const side = createSideWrites(committer, {
      everyMs: 20,
      sliceChats: 2,
      rows: {
        collect: (limit) => {
          limits.push(limit)
          const slice = owed.slice(0, limit)
          owed = owed.slice(slice.length)
          side.index({ touched: slice.map((chatId) => [chatId, 1] as [string, number]) })
        },
        owedChats: () => owed.length,
      },
    })
    owed = ['c1', 'c2', 'c3', 'c4', 'c5']
    side.owe()
    let stored = -1
    side.afterCommit(() => (stored = batches.flatMap((b) => b.index?.touched ?? []).length))

    await vi.waitFor(() => expect(owed).toEqual([]), { timeout: 2000, interval: 5 })
    await committer.flush()
    expect(limits).toEqual([2, 2, 1])
    expect(batches.map((b) => b.index!.touched.map(([chatId]) => chatId))).toEqual([['c1', 'c2'], ['c3', 'c4'], ['c5']])
    // The callback waited for every slice, not the first.
    await vi.waitFor(() => expect(stored).toBe(5), { timeout: 2000, interval: 5 })

    owed = ['c6', 'c7', 'c8']
    side.owe()
    await side.flush()
    expect(limits.at(-1)).toBe(Infinity)
    expect(batches.at(-1)!.index!.touched.map(([chatId]) => chatId)).toEqual(['c6', 'c7', 'c8'])
    side.stop()
  })

  it('ends a sliced hand-over with the chats owed when it started, however fast chats keep being marked', async () => {
    const { store, batches } = recordingStore()
    const committer = createCommitter(store, { onError: (error) => expect.fail(String(error)) })
    let owed: string[] = []
    let arrivals = 0
    const side = createSideWrites(committer, {
      everyMs: 20,
      sliceChats: 2,
      rows: {
        collect: (limit) => {
          const slice = owed.slice(0, limit)
          owed = owed.slice(slice.length)
          side.index({ touched: slice.map((chatId) => [chatId, 1] as [string, number]) })
          // Sustained load: three more chats marked during every slice of the first hand-over.
          if (arrivals < 12) {
            for (let i = 0; i < 3; i++) owed.push(`new${arrivals++}`)
            side.owe()
          }
        },
        owedChats: () => owed.length,
      },
    })
    owed = ['c1', 'c2', 'c3', 'c4']
    side.owe()
    let storedWhenCalled: string[] | null = null
    side.afterCommit(() => (storedWhenCalled = batches.flatMap((b) => b.index?.touched.map(([chatId]) => chatId) ?? [])))

    // The callback runs once the four chats owed at the start are stored, not after the newcomers.
    await vi.waitFor(() => expect(storedWhenCalled).not.toBeNull(), { timeout: 2000, interval: 5 })
    expect(storedWhenCalled).toEqual(['c1', 'c2', 'c3', 'c4'])
    // The chats marked meanwhile go out in later hand-overs.
    await vi.waitFor(() => expect(owed).toEqual([]), { timeout: 5000, interval: 5 })
    await committer.flush()
    expect(batches.flatMap((b) => b.index?.touched.map(([chatId]) => chatId) ?? [])).toHaveLength(16)
    side.stop()
  })

  it('ends a sliced hand-over whose owed chats went another way (a room collected as it closed)', async () => {
    const { store } = recordingStore()
    const committer = createCommitter(store, { onError: (error) => expect.fail(String(error)) })
    let owed = ['c1', 'c2', 'c3', 'c4', 'c5']
    let slices = 0
    const side = createSideWrites(committer, {
      everyMs: 20,
      sliceChats: 2,
      rows: {
        collect: () => {
          slices++
          // This slice takes two chats; the other three leave before the next one.
          owed = []
        },
        owedChats: () => owed.length,
      },
    })
    side.owe()
    let ran = false
    side.afterCommit(() => (ran = true))
    await vi.waitFor(() => expect(ran).toBe(true), { timeout: 2000, interval: 5 })
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(slices).toBe(1)
    side.stop()
  })
})
