// The cached whole-document encoding: the same bytes a fresh encode would give, dropped by every
// change whatever its origin, and the stored row used as it is until then.
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { MessageType } from '@parley/protocol'
import { FullState, coversNothingOf } from './full-state.ts'

const docWith = (...words: string[]) => {
  const doc = new Y.Doc()
  for (const word of words) doc.getArray<string>('words').push([word])
  return doc
}

/** The update a sync step 2 frame carries. */
const carried = (frame: Uint8Array) => {
  const decoder = decoding.createDecoder(frame)
  expect(decoding.readVarUint(decoder)).toBe(MessageType.sync)
  expect(decoding.readVarUint(decoder)).toBe(syncProtocol.messageYjsSyncStep2)
  return decoding.readVarUint8Array(decoder)
}

describe('the full state of a document', () => {
  it('is what Y.encodeStateAsUpdate gives, and is not encoded again while nothing changes', () => {
    const doc = docWith('a', 'b')
    const state = new FullState(doc)
    const first = state.asUpdate()
    expect(first).toEqual(Y.encodeStateAsUpdate(doc))
    expect(state.asUpdate()).toBe(first)
    expect(carried(state.asSyncStep2())).toEqual(first)
    expect(state.asSyncStep2()).toBe(state.asSyncStep2())
  })

  it('starts as the stored row it was loaded from, without encoding', () => {
    const row = Y.encodeStateAsUpdate(docWith('a', 'b'))
    const doc = new Y.Doc()
    Y.applyUpdate(doc, row)
    const state = new FullState(doc, row)
    expect(state.asUpdate()).toBe(row)
    expect(carried(state.asSyncStep2())).toEqual(row)
  })

  it('is dropped by a change of any origin, including deletions', () => {
    const doc = docWith('a', 'b')
    const state = new FullState(doc)
    state.asSyncStep2()
    const words = doc.getArray<string>('words')
    const changes: Array<() => void> = [
      () => doc.transact(() => words.push(['local'])),
      () => doc.transact(() => words.push(['relay']), { kind: 'relay' }),
      () => Y.applyUpdate(doc, Y.encodeStateAsUpdate(docWith('remote')), { kind: 'bus' }),
      () => doc.transact(() => words.delete(0, 1), { kind: 'connection', id: 1 }),
    ]
    for (const change of changes) {
      const before = state.asSyncStep2()
      change()
      const after = state.asSyncStep2()
      expect(after).not.toBe(before)
      expect(carried(after)).toEqual(Y.encodeStateAsUpdate(doc))
    }
    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, state.asUpdate())
    expect(fresh.getArray('words').toJSON()).toEqual(words.toJSON())
  })

  it('is kept through transactions that change nothing', () => {
    const row = Y.encodeStateAsUpdate(docWith('a', 'b'))
    const doc = new Y.Doc()
    Y.applyUpdate(doc, row)
    const state = new FullState(doc, row)
    doc.getArray('words') // types the root on first use, in a transaction of its own
    Y.applyUpdate(doc, row, { kind: 'bus' }) // nothing new
    doc.transact(() => {}, { kind: 'relay' })
    expect(state.asUpdate()).toBe(row)
  })

  it('is dropped by an update left pending, which it then carries as a fresh encode would', () => {
    const writer = docWith('a')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer))
    const state = new FullState(doc)
    const before = state.asUpdate()
    const known = Y.encodeStateVector(writer)
    writer.getArray<string>('words').push(['b'])
    const second = Y.encodeStateAsUpdate(writer, known)
    const known2 = Y.encodeStateVector(writer)
    writer.getArray<string>('words').push(['c'])
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer, known2)) // 'c' without 'b': pending
    expect(doc.store.pendingStructs).not.toBeNull()
    expect(state.asUpdate()).not.toBe(before)
    expect(state.asUpdate()).toEqual(Y.encodeStateAsUpdate(doc))
    Y.applyUpdate(doc, second)
    expect(state.asUpdate()).toEqual(Y.encodeStateAsUpdate(doc))
  })
})

describe('a state vector that covers nothing of a document', () => {
  const doc = docWith('a')
  const stranger = docWith('b')

  it('is the empty one, or one of clients the document has never seen', () => {
    expect(coversNothingOf(doc, Y.encodeStateVector(new Y.Doc()))).toBe(true)
    expect(coversNothingOf(doc, Y.encodeStateVector(stranger))).toBe(true)
  })

  it('is not one that has any of the document', () => {
    const partial = new Y.Doc()
    Y.applyUpdate(partial, Y.encodeStateAsUpdate(doc))
    Y.applyUpdate(partial, Y.encodeStateAsUpdate(stranger))
    expect(coversNothingOf(doc, Y.encodeStateVector(partial))).toBe(false)
  })
})
