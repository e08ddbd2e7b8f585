// A chat's epochs as the relay follows them: a chat of one epoch, most chats, keeps no map of
// stored stats (it costs every loaded chat a couple of hundred bytes); the seal of its head makes one.

import { describe, expect, it } from 'vitest'
import { appendMessage, initChat, messagesArray } from '@parley/chat-model'
import type { IndexWrites } from '../storage/doc-store.ts'
import { createChatHeads } from './chat-heads.ts'
import { trackChatStats } from './chat-stats.ts'
import { room } from './doc-room-fixture.ts'

describe('chat heads', () => {
  it('keeps no stored stats for a chat of one epoch, and keeps the seal’s once the head is sealed', async () => {
    const writes: Array<Partial<IndexWrites>> = []
    const heads = createChatHeads({
      chats: { get: async () => null, epochs: async () => [] },
      epochMessages: 2,
      index: (w) => writes.push(w),
      afterCommit: (fn) => fn(),
    })
    const { docRoom } = room()
    initChat(docRoom.doc, { id: 'chat1', members: ['alice', 'bob'], createdBy: 'alice', createdAt: 1 })
    const stats = trackChatStats(docRoom.doc)
    const { chat } = await heads.attach(docRoom, 'chat1', 0, stats)
    const messages = messagesArray(docRoom.doc)
    appendMessage(docRoom.doc, { id: 'm1', author: 'alice', text: 'one', at: 2 })
    expect(heads.sealIfFull('chat1', 0, chat, stats, messages)).toBe(false)
    expect(chat.stored).toBeNull()
    expect([...heads.epochsOf('chat1', chat)].map((e) => e.messages)).toEqual([1])
    appendMessage(docRoom.doc, { id: 'm2', author: 'bob', text: 'two', at: 3 })
    expect(heads.sealIfFull('chat1', 0, chat, stats, messages)).toBe(true)
    expect(chat.stored?.get(0)?.messages).toBe(2)
    expect(writes.at(-1)?.sealed).toEqual([['chat1', 1]])
  })
})
