// Room names parse back to what built them, and anything else (a leading zero, an epoch out of
// range, an epoch on a room kind that has none, an extra segment) is no room at all.

import { describe, expect, it } from 'vitest'
import { MAX_EPOCH, chatRoom, inboxRoom, parseRoom, presenceRoom } from './rooms.ts'

describe('rooms', () => {
  it('names epoch 0 of a chat as before and later epochs with their number', () => {
    expect(chatRoom('c1')).toBe('chat/c1')
    expect(chatRoom('c1', 0)).toBe('chat/c1')
    expect(chatRoom('c1', 7)).toBe('chat/c1/7')
  })

  it('parses what it builds', () => {
    expect(parseRoom(chatRoom('c1'))).toEqual({ kind: 'chat', name: 'chat/c1', chatId: 'c1', epoch: 0 })
    expect(parseRoom(chatRoom('c1', 12))).toEqual({ kind: 'chat', name: 'chat/c1/12', chatId: 'c1', epoch: 12 })
    expect(parseRoom(chatRoom('c1', MAX_EPOCH))).toMatchObject({ epoch: MAX_EPOCH })
    expect(parseRoom(inboxRoom('u1'))).toEqual({ kind: 'inbox', name: 'inbox/u1', userId: 'u1' })
    expect(parseRoom(presenceRoom('o1'))).toEqual({ kind: 'presence', name: 'presence/o1', orgId: 'o1' })
  })

  it.each([
    'chat/c1/0',
    'chat/c1/01',
    'chat/c1/-1',
    'chat/c1/1.5',
    'chat/c1/',
    `chat/c1/${MAX_EPOCH + 1}`,
    'chat/c1/99999999',
    'chat/c1/1/2',
    'chat//1',
    'inbox/u1/1',
    'presence/o1/1',
    'chat/c1?x=1',
    'nope/c1',
  ])('refuses %s', (name) => {
    expect(parseRoom(name)).toBeNull()
  })
})
