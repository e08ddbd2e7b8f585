// The order of a conversation made of held epoch documents and history pages: epochs in order,
// one message per id, a held document's own order inside its epoch, page messages it lacks kept
// where the page put them, and the newer version of a message both have.

import { describe, expect, it } from 'vitest'
import type { Message } from '@parley/chat-model'
import { mergeConversation, type PageMessage } from './conversation.ts'

const msg = (id: string, extra: Partial<Message> = {}): Message => ({ id, author: 'bob', text: `text ${id}`, at: 1, ...extra })
const paged = (epoch: number, ...ids: string[]): PageMessage[] => ids.map((id) => ({ ...msg(id), epoch }))
const ids = (messages: readonly Message[]) => messages.map((m) => m.id)

describe('mergeConversation', () => {
  it('puts epochs in order whatever order the pieces come in', () => {
    const { messages, epochOf } = mergeConversation([...paged(0, 'a', 'b'), ...paged(1, 'c')], [{ epoch: 2, messages: [msg('d'), msg('e')] }])
    expect(ids(messages)).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(epochOf.get('c')).toBe(1)
    expect(mergeConversation(paged(1, 'c'), [{ epoch: 2, messages: [msg('d')] }, { epoch: 0, messages: [msg('a')] }]).messages.map((m) => m.id)).toEqual(['a', 'c', 'd'])
  })

  it('shows a message in both a page and a held document once, and says which document holds it', () => {
    const { messages, heldIn } = mergeConversation(paged(1, 'a', 'b', 'c'), [{ epoch: 1, messages: [msg('a'), msg('b'), msg('c')] }, { epoch: 2, messages: [msg('d')] }])
    expect(ids(messages)).toEqual(['a', 'b', 'c', 'd'])
    expect([...heldIn]).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
      ['d', 2],
    ])
  })

  it('keeps page messages the held copy lacks where the page put them, and held ones the page lacks after their neighbour', () => {
    // The device's copy of epoch 1 missed "x" (written late by someone else), and holds "mine",
    // written offline after "b", that the page (rendered earlier) does not have.
    const { messages, heldIn } = mergeConversation(paged(1, 'a', 'x', 'b', 'c'), [{ epoch: 1, messages: [msg('a'), msg('b'), msg('mine'), msg('c')] }])
    expect(ids(messages)).toEqual(['a', 'x', 'b', 'mine', 'c'])
    expect(heldIn.has('x')).toBe(false)
    expect(heldIn.get('mine')).toBe(1)
  })

  it('puts held messages older than every page message first in their epoch', () => {
    // The pages reached only the newest part of epoch 0; the device holds all of it.
    const { messages } = mergeConversation(paged(0, 'c', 'd'), [{ epoch: 0, messages: [msg('a'), msg('b'), msg('c'), msg('d'), msg('e')] }])
    expect(ids(messages)).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('shows the newer version of a message, and the held one on a tie', () => {
    const edited = { ...msg('a', { text: 'edited', editedAt: 5 }), epoch: 1 }
    expect(mergeConversation([edited], [{ epoch: 1, messages: [msg('a')] }]).messages[0]!.text).toBe('edited')
    const mine = msg('a', { text: 'my edit', editedAt: 9 })
    expect(mergeConversation([edited], [{ epoch: 1, messages: [mine] }]).messages[0]!.text).toBe('my edit')
    const same = msg('a', { text: 'held', editedAt: 5 })
    expect(mergeConversation([edited], [{ epoch: 1, messages: [same] }]).messages[0]!.text).toBe('held')
  })

  it('drops the epoch the relay adds to page messages, and repeats of a page message', () => {
    const { messages } = mergeConversation([...paged(0, 'a', 'b'), ...paged(0, 'b')], [])
    expect(ids(messages)).toEqual(['a', 'b'])
    expect(messages[0]).toEqual(msg('a'))
  })

  it('shows a message once even if two epochs claim it, in the older one', () => {
    const { messages, epochOf } = mergeConversation(paged(0, 'a'), [{ epoch: 1, messages: [msg('a'), msg('b')] }])
    expect(ids(messages)).toEqual(['a', 'b'])
    expect(epochOf.get('a')).toBe(0)
  })

  it('shows no held epoch below a gap until the pages reach it', () => {
    // Epoch 2 is neither held nor loaded: epoch 1 (held from an earlier visit) waits.
    const gap = mergeConversation([], [{ epoch: 1, messages: [msg('a')] }, { epoch: 3, messages: [msg('c')] }])
    expect(ids(gap.messages)).toEqual(['c'])
    // Pages asked at head 3 reach epoch 2 and part of 1: the held epochs below show again.
    const reached = mergeConversation([...paged(1, 'a2', 'a3'), ...paged(2, 'b')], [{ epoch: 0, messages: [msg('z')] }, { epoch: 1, messages: [msg('a')] }, { epoch: 3, messages: [msg('c')] }])
    expect(ids(reached.messages)).toEqual(['z', 'a', 'a2', 'a3', 'b', 'c'])
    const past = mergeConversation([...paged(1, 'a'), ...paged(2, 'b')], [{ epoch: 0, messages: [msg('z')] }, { epoch: 3, messages: [msg('c')] }])
    expect(ids(past.messages)).toEqual(['z', 'a', 'b', 'c'])
  })

  it('hides pages loaded before the head jumped past an epoch this device does not hold', () => {
    // Pages were loaded at head 2 (epochs 1 and 0); the head is now 5 and epochs 2 to 4 are not here.
    const { messages } = mergeConversation(paged(1, 'a'), [{ epoch: 5, messages: [msg('e')] }])
    expect(ids(messages)).toEqual(['e'])
  })
})
