// The relay's history pages (`GET /api/chats/:chatId/history`, docs/protocol.md): messages of a
// chat's sealed epochs, newest page first, each page oldest first. Messages are checked one by
// one, so one odd message drops out instead of failing the page. The cursor is the relay's and
// is passed back as it came.

import * as v from 'valibot'
import { MessageSchema } from '@parley/chat-model'
import { request } from './api.ts'
import type { PageMessage } from './conversation.ts'

const Epoch = v.pipe(v.number(), v.integer(), v.minValue(0))
const PageAnswer = v.object({
  chatId: v.string(),
  head: Epoch,
  messages: v.array(v.unknown()),
  before: v.nullable(v.string()),
})

/** One page as the app keeps it (on this device too, to show it offline). */
export interface HistoryPage {
  head: number
  /** Oldest first. */
  messages: PageMessage[]
  /** The cursor of the page before this one, or null when this page reaches the chat's first message. */
  before: string | null
}

/** Messages per page the app asks for. */
export const PAGE_SIZE = 50

const pageMessage = (value: unknown): PageMessage | null => {
  if (typeof value !== 'object' || value === null || !('epoch' in value)) return null
  const { epoch, ...message } = value
  return v.is(Epoch, epoch) && v.is(MessageSchema, message) ? { ...message, epoch } : null
}

export const historyApi = {
  /** The page just older than `before` (the newest page without it). Rejects with `ApiError`. */
  async page(chatId: string, before: string | null, limit = PAGE_SIZE): Promise<HistoryPage> {
    const params = new URLSearchParams({ limit: String(limit), ...(before === null ? {} : { before }) })
    const answer = await request(PageAnswer, `/chats/${encodeURIComponent(chatId)}/history?${params}`)
    const messages = answer.messages.map(pageMessage).filter((m): m is PageMessage => m !== null)
    return { head: answer.head, messages, before: answer.before }
  },
}
