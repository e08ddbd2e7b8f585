// What the chat icon, the alert, Chat Home and Chat History show, derived from the inbox alone
// (no extra requests): one summary per chat, and the selections each view needs. Summaries live
// in a store reconciled by chat id, so a row keeps its DOM (and focus) when its chat changes.

import { createComputed, createMemo, type Accessor } from 'solid-js'
import { createStore, reconcile } from 'solid-js/store'
import { isOpen, unreadOf, type InboxChat } from '@parley/chat-model'
import type { Inbox, InboxStore } from './inbox.ts'

export interface ChatSummary {
  chatId: string
  /** The other member of this direct chat. */
  otherId: string
  startedBy: string
  startedAt: number
  lastMessage: InboxChat['lastMessage']
  lastActivity: number
  unread: number
  /** Shown in Chat Home and counted on the icon: not closed, or closed but written to since. */
  open: boolean
  /** Someone else started it and I have not looked yet, or wrote in it after I closed it. */
  wantsMe: boolean
}

export interface ChatList {
  /** Every chat, most recent activity first. */
  all: Accessor<ChatSummary[]>
  /** Chat Home: new chats (unread first), then the other open chats. */
  home: Accessor<ChatSummary[]>
  openCount: Accessor<number>
  /** Messages from others not seen yet, in every chat (the icon's mark and the tab title). */
  unreadCount: Accessor<number>
  /** Chats behind "Someone wants to Chat!". */
  wanting: Accessor<ChatSummary[]>
  byId(chatId: string): ChatSummary | undefined
  /** My most recent chat with `userId`, if any. */
  withPerson(userId: string): ChatSummary | undefined
}

/** One summary per chat of the inbox (and the chats started here), most recent activity first. */
export function summarizeChats(meId: string, inbox: InboxStore): ChatSummary[] {
  const { chats, state, local } = inbox
  const rows = [...Object.values(local), ...Object.values(chats)].map((chat): ChatSummary => {
    const mine = state[chat.chatId]
    const unread = unreadOf(chat, mine)
    const closed = !isOpen(mine)
    return {
      chatId: chat.chatId,
      otherId: chat.members.find((id) => id !== meId) ?? meId,
      startedBy: chat.startedBy,
      startedAt: chat.startedAt,
      lastMessage: chat.lastMessage ? { ...chat.lastMessage } : null,
      lastActivity: Math.max(chat.startedAt, chat.lastMessage?.at ?? 0),
      unread,
      open: !closed || unread > 0,
      wantsMe: (mine === undefined && chat.startedBy !== meId) || (closed && unread > 0),
    }
  })
  return rows.sort((a, b) => b.lastActivity - a.lastActivity || a.chatId.localeCompare(b.chatId))
}

/** Chat Home's order: the open chats, new ones (unread, or not looked at yet) first. */
export function homeOrder(rows: readonly ChatSummary[]): ChatSummary[] {
  const open = rows.filter((c) => c.open)
  const isNew = (c: ChatSummary) => c.unread > 0 || c.wantsMe
  return [...open.filter(isNew), ...open.filter((c) => !isNew(c))]
}

export function createChatList(meId: string, inbox: Inbox): ChatList {
  const [rows, setRows] = createStore<ChatSummary[]>([])
  createComputed(() => setRows(reconcile(summarizeChats(meId, inbox.store), { key: 'chatId' })))
  const all = () => rows
  const home = createMemo(() => homeOrder(all()))
  const index = createMemo(() => new Map(all().map((c) => [c.chatId, c])))

  return {
    all,
    home,
    openCount: () => home().length,
    unreadCount: createMemo(() => all().reduce((n, c) => n + c.unread, 0)),
    wanting: createMemo(() => all().filter((c) => c.wantsMe)),
    byId: (chatId) => index().get(chatId),
    withPerson: (userId) => all().find((c) => c.otherId === userId),
  }
}
