// GET /api/chats?limit=25: the caller's chats, most recent activity first, for Chat History.
// Only the index (who, when); the messages are in each chat's Yjs document.

import { Hono } from 'hono'
import * as v from 'valibot'
import type { Directory } from '../../accounts/accounts.ts'
import type { ChatIndex } from '../../chats/chat-index.ts'
import type { AuthEnv } from '../env.ts'
import { ApiError } from '../errors.ts'

export const DEFAULT_CHAT_LIMIT = 25
export const MAX_CHAT_LIMIT = 100

const Limit = v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number), v.minValue(1), v.maxValue(MAX_CHAT_LIMIT))

export const chatsRoutes = (deps: { accounts: Directory; chats: ChatIndex }) =>
  new Hono<AuthEnv>().get('/chats', (c) => {
    const raw = c.req.query('limit')
    let limit = DEFAULT_CHAT_LIMIT
    if (raw !== undefined) {
      const parsed = v.safeParse(Limit, raw)
      if (!parsed.success) throw new ApiError(400, 'invalid_query', `limit must be a whole number from 1 to ${MAX_CHAT_LIMIT}.`)
      limit = parsed.output
    }
    const me = c.get('user')
    const names = new Map<string, string>()
    const nameOf = (id: string) => {
      let name = names.get(id)
      if (name === undefined) {
        name = deps.accounts.userById(id)?.name ?? ''
        names.set(id, name)
      }
      return name
    }
    const chats = deps.chats.listForUser(me.id, limit).map((chat) => ({
      id: chat.id,
      with: chat.members.filter((id) => id !== me.id).map((id) => ({ id, name: nameOf(id) })),
      startedBy: chat.createdBy,
      startedAt: chat.createdAt,
      lastMessageAt: chat.lastMessageAt,
    }))
    return c.json({ chats })
  })
