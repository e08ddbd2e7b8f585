// The committer's promise: what waits behind a write runs only after the write is stored, writes
// of one event-loop turn share one storage transaction, and a failed commit never runs them.
import { describe, expect, it } from 'vitest'
import type { DocStore, DocWrite } from '../storage/doc-store.ts'
import { createCommitter } from './committer.ts'

/** A store whose commits finish when the test says so. */
function gatedStore() {
  const commits: DocWrite[][] = []
  const sideWrites: Array<ReadonlyArray<() => void>> = []
  const gates: Array<{ open: () => void; fail: (e: Error) => void }> = []
  const store: DocStore = {
    load: async () => ({ updates: [], seqs: [], clients: new Map() }),
    commit: (writes, alongside = []) =>
      new Promise<number[]>((resolve, reject) => {
        commits.push([...writes])
        sideWrites.push(alongside)
        gates.push({ open: () => resolve(writes.map((_, i) => i)), fail: reject })
      }),
    compact: async () => 0,
    countUpdates: async () => 0,
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

  it('hands side writes to the same storage transaction as the turn’s documents', async () => {
    const { store, commits, sideWrites, gates } = gatedStore()
    const committer = createCommitter(store, { onError: () => {} })
    const index = () => {}
    committer.write(write('a', 1))
    committer.alongside(index)
    await turn()
    expect(commits).toEqual([[write('a', 1)]])
    expect(sideWrites).toEqual([[index]])

    // Alone, a side write still gets a transaction of its own.
    gates[0]!.open()
    await turn()
    committer.alongside(index)
    await turn()
    expect(sideWrites).toEqual([[index], [index]])
    expect(commits[1]).toEqual([])
  })
})
