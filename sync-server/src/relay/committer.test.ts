// The committer's promise: what waits behind a write runs only after the write is stored, writes
// of one event-loop turn share one storage transaction, and a failed commit never runs them; with
// a wait (group commit), the writes of the turns after a commit share the next one.
import { describe, expect, it, vi } from 'vitest'
import type { DocStore, DocWrite, IndexWrites } from '../storage/doc-store.ts'
import { createCommitter, MAX_BATCH_WRITES } from './committer.ts'

/** A store whose commits finish when the test says so. */
function gatedStore() {
  const commits: DocWrite[][] = []
  const sideWrites: Array<IndexWrites | undefined> = []
  const gates: Array<{ open: () => void; fail: (e: Error) => void }> = []
  const store: DocStore = {
    load: async () => ({ updates: [], seqs: [], clients: new Map() }),
    commit: (writes, index) =>
      new Promise<number[]>((resolve, reject) => {
        commits.push([...writes])
        sideWrites.push(index && structuredClone(index))
        gates.push({ open: () => resolve(writes.map((_, i) => i)), fail: reject })
      }),
    compact: async () => 0,
    countUpdates: async () => 0,
    loadSince: async () => ({ updates: [], seqs: [], clients: new Map() }),
  }
  return { store, commits, sideWrites, gates }
}

const turn = () => new Promise((resolve) => setImmediate(resolve))
const write = (room: string, byte: number): DocWrite => ({ room, update: new Uint8Array([byte]) })

describe('committer', () => {
  it('runs what waits behind a write only once that write is stored', async () => {
    const { store, commits, gates } = gatedStore()
    const committer = createCommitter(store, { onError: () => {} })
    const seen: string[] = []
    committer.write(write('a', 1))
    committer.afterCommit(() => seen.push('after 1'))
    await turn()
    expect(commits).toHaveLength(1)
    expect(seen).toEqual([])
    gates[0]!.open()
    await turn()
    expect(seen).toEqual(['after 1'])
  })

  it('groups the writes of one turn into one transaction, and later ones into the next', async () => {
    const { store, commits, gates } = gatedStore()
    const committer = createCommitter(store, { onError: () => {} })
    committer.write(write('a', 1))
    committer.write(write('b', 2))
    await turn()
    committer.write(write('a', 3)) // arrives while the first commit is in flight
    const order: number[] = []
    committer.afterCommit(() => order.push(3))
    gates[0]!.open()
    await turn()
    await turn()
    expect(commits.map((c) => c.map((w) => w.update[0]))).toEqual([[1, 2], [3]])
    expect(order).toEqual([])
    gates[1]!.open()
    await committer.flush()
    expect(order).toEqual([3])
  })

  it('runs at once when nothing is waiting', () => {
    const { store } = gatedStore()
    const committer = createCommitter(store, { onError: () => {} })
    let ran = false
    committer.afterCommit(() => (ran = true))
    expect(ran).toBe(true)
  })

  it('drops what waits behind a failed commit and reports the rooms', async () => {
    const { store, gates } = gatedStore()
    const failures: string[][] = []
    const committer = createCommitter(store, { onError: (_e, rooms) => failures.push([...rooms]) })
    let ran = false
    committer.write(write('room-x', 1))
    committer.afterCommit(() => (ran = true))
    await turn()
    gates[0]!.fail(new Error('disk full'))
    await committer.flush()
    expect(ran).toBe(false)
    expect(failures).toEqual([['room-x']])
  })

  it('hands index writes to the same storage transaction as the turn’s documents, merged', async () => {
    const { store, commits, sideWrites, gates } = gatedStore()
    const committer = createCommitter(store, { onError: () => {} })
    const chat = { id: 'c1', orgId: 'o1', createdBy: 'u1', createdAt: 1, members: ['u1', 'u2'] }
    committer.write(write('a', 1))
    committer.index({ registered: [chat] })
    committer.index({ touched: [['c1', 5]] })
    committer.index({ touched: [['c2', 6]] })
    committer.index({ sealed: [['c1', 1]], epochs: [{ chatId: 'c1', epoch: 0, messages: 1, byAuthor: { u: 1 }, lastMessage: null }] })
    await turn()
    expect(commits).toEqual([[write('a', 1)]])
    expect(sideWrites).toEqual([
      { registered: [chat], touched: [['c1', 5], ['c2', 6]], waiting: [], sealed: [['c1', 1]], epochs: [{ chatId: 'c1', epoch: 0, messages: 1, byAuthor: { u: 1 }, lastMessage: null }] },
    ])

    // Alone, an index write still gets a transaction of its own.
    gates[0]!.open()
    await turn()
    committer.index({ touched: [['c1', 7]] })
    await turn()
    expect(sideWrites[1]).toEqual({ registered: [], touched: [['c1', 7]], waiting: [], sealed: [], epochs: [] })
    expect(commits[1]).toEqual([])
  })

  it('with a wait, lets the writes of several turns after a commit share the next one, none visible before it is stored', async () => {
    const { store, commits, gates } = gatedStore()
    const committer = createCommitter(store, { onError: () => {}, waitMs: 40 })
    const seen: number[] = []
    // The first write after a quiet spell commits on the next turn: no wait at low load.
    committer.write(write('a', 1))
    committer.afterCommit(() => seen.push(1))
    await turn()
    expect(commits).toHaveLength(1)
    gates[0]!.open()
    await turn()
    expect(seen).toEqual([1])

    for (const byte of [2, 3, 4]) {
      committer.write(write('a', byte))
      committer.afterCommit(() => seen.push(byte))
      await turn()
    }
    expect(commits).toHaveLength(1)
    await vi.waitFor(() => expect(commits).toHaveLength(2), { timeout: 2000, interval: 5 })
    expect(commits[1]!.map((w) => w.update[0])).toEqual([2, 3, 4])
    await turn()
    expect(seen).toEqual([1])
    gates[1]!.open()
    await committer.flush()
    expect(seen).toEqual([1, 2, 3, 4])
  })

  it('with a wait, commits a full batch on the next turn, and a flush at once', async () => {
    const { store, commits, gates } = gatedStore()
    const committer = createCommitter(store, { onError: () => {}, waitMs: 60_000 })
    committer.write(write('a', 0))
    await turn()
    gates[0]!.open()
    await turn()
    for (let i = 0; i < MAX_BATCH_WRITES; i++) committer.write(write('a', 1))
    await turn()
    expect(commits.map((c) => c.length)).toEqual([1, MAX_BATCH_WRITES])
    gates[1]!.open()
    await turn()

    committer.write(write('b', 2))
    await turn()
    expect(commits).toHaveLength(2) // waiting for the minute to pass
    const flushed = committer.flush()
    await turn()
    expect(commits).toHaveLength(3)
    gates[2]!.open()
    await flushed
  })

  it('with a wait, does not wait while the event loop is quiet', async () => {
    const { store, commits, gates } = gatedStore()
    let busy = false
    const committer = createCommitter(store, { onError: () => {}, waitMs: 60_000, busy: () => busy })
    for (const byte of [1, 2]) {
      committer.write(write('a', byte))
      await turn()
      gates.at(-1)?.open()
      await turn()
    }
    expect(commits.map((c) => c.map((w) => w.update[0]))).toEqual([[1], [2]])
    busy = true
    committer.write(write('a', 3))
    await turn()
    expect(commits).toHaveLength(2) // now it waits for others to share the commit
    const flushed = committer.flush()
    await turn()
    gates.at(-1)?.open()
    await flushed
    expect(commits).toHaveLength(3)
  })
})
