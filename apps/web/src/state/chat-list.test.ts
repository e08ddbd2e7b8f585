import { describe, expect, it } from 'vitest'
import type { InboxChat, InboxState } from '@parley/chat-model'
import { homeOrder, summarizeChats } from './chat-list.ts'
import type { InboxStore } from './inbox.ts'

const ME = 'me'
const chat = (chatId: string, other: string, over: Partial<InboxChat> = {}): InboxChat => ({
  chatId,
  members: [ME, other],
  startedBy: other,
  startedAt: 1000,
  lastMessage: null,
  messageCount: 0,
  fromOthers: 0,
  unread: 0,
  ...over,
})
const state = (open: boolean, seen: number): InboxState => ({ open, seen, updatedAt: 1 })
const inbox = (chats: InboxChat[], states: Record<string, InboxState> = {}, local: InboxChat[] = []): InboxStore => ({
  chats: Object.fromEntries(chats.map((c) => [c.chatId, c])),
  state: states,
  local: Object.fromEntries(local.map((c) => [c.chatId, c])),
})

describe('summarizeChats', () => {
  it('treats a chat someone else started, that I have not looked at, as wanting me', () => {
    const [row] = summarizeChats(ME, inbox([chat('a', 'bob')]))
    expect(row).toMatchObject({ otherId: 'bob', open: true, wantsMe: true, unread: 0 })
  })

  it('does not alert me about a chat I started', () => {
    const [row] = summarizeChats(ME, inbox([chat('a', 'bob', { startedBy: ME })]))
    expect(row).toMatchObject({ open: true, wantsMe: false })
  })

  it('counts unread from my own seen mark, before the relay catches up', () => {
    const rows = summarizeChats(ME, inbox([chat('a', 'bob', { fromOthers: 5, unread: 5 })], { a: state(true, 3) }))
    expect(rows[0]).toMatchObject({ unread: 2, open: true, wantsMe: false })
  })

  it('hides a closed chat, and brings it back (wanting me) when someone writes in it', () => {
    const closed = summarizeChats(ME, inbox([chat('a', 'bob', { fromOthers: 2 })], { a: state(false, 2) }))
    expect(closed[0]).toMatchObject({ open: false, wantsMe: false, unread: 0 })
    const written = summarizeChats(ME, inbox([chat('a', 'bob', { fromOthers: 3 })], { a: state(false, 2) }))
    expect(written[0]).toMatchObject({ open: true, wantsMe: true, unread: 1 })
  })

  it('sorts by the latest activity and includes chats started here that the relay has not listed', () => {
    const rows = summarizeChats(
      ME,
      inbox(
        [chat('old', 'bob', { startedAt: 10 }), chat('busy', 'carol', { startedAt: 5, lastMessage: { id: 'm1', author: 'carol', text: 'hi', at: 50 } })],
        {},
        [chat('new', 'dave', { startedBy: ME, startedAt: 30 })],
      ),
    )
    expect(rows.map((r) => r.chatId)).toEqual(['busy', 'new', 'old'])
  })
})

describe('homeOrder', () => {
  it('lists new chats before the other open ones and leaves closed chats out', () => {
    const rows = summarizeChats(
      ME,
      inbox(
        [
          chat('read', 'bob', { startedBy: ME, startedAt: 30 }),
          chat('unread', 'carol', { startedBy: ME, startedAt: 10, fromOthers: 1 }),
          chat('closed', 'dave', { startedAt: 40 }),
        ],
        { read: state(true, 0), unread: state(true, 0), closed: state(false, 0) },
      ),
    )
    expect(homeOrder(rows).map((r) => r.chatId)).toEqual(['unread', 'read'])
  })
})
