import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendMessage, deleteMessage, editMessage, latestById, readMessages } from './chat.ts'

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}
const shown = (doc: Y.Doc) => latestById(readMessages(doc)).map((m) => ({ id: m.id, text: m.text, deleted: m.deleted ?? false }))

describe('editing and deleting a message', () => {
  const setUp = () => {
    const a = new Y.Doc()
    appendMessage(a, { id: 'm1', author: 'u1', text: 'first', at: 1000 })
    appendMessage(a, { id: 'm2', author: 'u2', text: 'second', at: 2000 })
    appendMessage(a, { id: 'm3', author: 'u1', text: 'third', at: 3000 })
    const b = new Y.Doc()
    sync(a, b)
    return { a, b }
  }

  it('keeps the message’s place, id and time, and marks it edited', () => {
    const { a } = setUp()
    expect(editMessage(a, 'u1', 'm1', 'first, fixed', [], 5000)).toBe(true)
    expect(readMessages(a)[0]).toEqual({ id: 'm1', author: 'u1', text: 'first, fixed', at: 1000, editedAt: 5000 })
    expect(editMessage(a, 'u1', 'm2', 'not mine', [], 5000)).toBe(false)
  })

  it('leaves a tombstone in place of a deleted message', () => {
    const { a } = setUp()
    expect(deleteMessage(a, 'u1', 'm3', 6000)).toBe(true)
    expect(shown(a).map((m) => m.deleted)).toEqual([false, false, true])
    expect(readMessages(a)[2]).toEqual({ id: 'm3', author: 'u1', text: '', at: 3000, editedAt: 6000, deleted: true })
    expect(editMessage(a, 'u1', 'm3', 'back', [], 7000)).toBe(false)
  })

  it('converges to the latest of two concurrent edits on every replica, and a later edit cleans up', () => {
    const { a, b } = setUp()
    editMessage(a, 'u1', 'm1', 'from the laptop', [], 5000)
    editMessage(b, 'u1', 'm1', 'from the phone', [], 5001)
    sync(a, b)
    expect(readMessages(a)).toHaveLength(4)
    expect(shown(a)).toEqual(shown(b))
    expect(shown(a)[0]).toEqual({ id: 'm1', text: 'from the phone', deleted: false })
    editMessage(a, 'u1', 'm1', 'settled', [], 6000)
    sync(a, b)
    expect(readMessages(b)).toHaveLength(3)
    expect(shown(b)[0]!.text).toBe('settled')
  })

  it('breaks a tie of editedAt by the array order, the same on both sides', () => {
    const { a, b } = setUp()
    editMessage(a, 'u1', 'm1', 'left', [], 5000)
    editMessage(b, 'u1', 'm1', 'right', [], 5000)
    sync(a, b)
    expect(shown(a)).toEqual(shown(b))
  })
})
