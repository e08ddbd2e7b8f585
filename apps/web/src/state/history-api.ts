// The relay's history pages (`GET /api/chats/:chatId/history`, docs/protocol.md): messages of a
// chat's sealed epochs, newest page first, each page oldest first. The body is read with the chat
// model's readHistoryPage, so one odd message drops out instead of failing the page. The cursor
// is the relay's and is passed back as it came.

import * as v from 'valibot'
import { readHistoryPage, type HistoryPage } from '@parley/chat-model'
import { ApiError, request } from './api.ts'

export type { HistoryPage } from '@parley/chat-model'

/** Messages per page the app asks for. */
export const PAGE_SIZE = 50

export const historyApi = {
  /** The page just older than `before` (the newest page without it). Rejects with `ApiError`. */
  async page(chatId: string, before: string | null, limit = PAGE_SIZE): Promise<HistoryPage> {
    const params = new URLSearchParams({ limit: String(limit), ...(before === null ? {} : { before }) })
    const page = readHistoryPage(await request(v.unknown(), `/chats/${encodeURIComponent(chatId)}/history?${params}`))
    if (!page) throw new ApiError('bad_response', 200)
    return page
  },
}
