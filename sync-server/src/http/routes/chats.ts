// GET /api/chats?limit=25: the caller's chats, most recent activity first, for Chat History.
// Only the index (who, when, the head epoch); the messages are in each chat's Yjs documents.

import { Hono } from 'hono'
import type { Directory } from '../../accounts/accounts.ts'
import type { ChatIndex } from '../../chats/chat-index.ts'
import type { AuthEnv } from '../env.ts'
import { limitQuery } from '../limit-query.ts'

export const DEFAULT_CHAT_LIMIT = 25
export const MAX_CHAT_LIMIT = 100

export const chatsRoutes = (deps: { accounts: Directory; chats: ChatIndex }) =>
  new Hono<AuthEnv>().get('/chats', limitQuery(DEFAULT_CHAT_LIMIT, MAX_CHAT_LIMIT), async (c) => {
    const { limit } = c.req.valid('query')
    const me = c.get('user')
    const listed = await deps.chats.listForUser(me.id, limit)
    // Each person is looked up once, however many chats they share with me.
    const ids = [...new Set(listed.flatMap((chat) => chat.members))]
    const people = await Promise.all(ids.map((id) => deps.accounts.userById(id)))
    const names = new Map(ids.map((id, i) => [id, people[i]?.name ?? '']))
    const nameOf = (id: string) => names.get(id) ?? ''
    const chats = listed.map((chat) => ({
      id: chat.id,
      with: chat.members.filter((id) => id !== me.id).map((id) => ({ id, name: nameOf(id) })),
      startedBy: chat.createdBy,
      startedAt: chat.createdAt,
      lastMessageAt: chat.lastMessageAt,
      head: chat.head,
    }))
    return c.json({ chats })
  })
