// GET /api/chats/:chatId/history?before=<cursor>&limit=<1..100>: older messages of a chat, from
// its sealed epochs (chats/chat-history.ts), for members only; anyone else gets the same 404 as
// for a chat that does not exist. `Cache-Control: private, no-cache` with an ETag: a client asks
// again and gets 304 while neither the head nor the epochs read have changed.

import { Hono } from 'hono'
import { isId } from '@parley/protocol'
import { CursorError, type ChatHistory } from '../../chats/chat-history.ts'
import type { AuthEnv } from '../env.ts'
import { ApiError } from '../errors.ts'
import { limitQuery } from '../limit-query.ts'

export const DEFAULT_HISTORY_LIMIT = 50
export const MAX_HISTORY_LIMIT = 100

export const chatsHistoryRoutes = (deps: { history: ChatHistory }) =>
  new Hono<AuthEnv>().get('/chats/:chatId/history', limitQuery(DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT), async (c) => {
    const chatId = c.req.param('chatId')
    const notFound = new ApiError(404, 'not_found', 'No such chat.')
    if (!isId(chatId)) throw notFound
    const { limit } = c.req.valid('query')
    const before = c.req.queries('before')
    if (before && before.length > 1) throw new ApiError(400, 'invalid_query', 'before may be given once.')
    let page
    try {
      page = await deps.history.page(chatId, c.get('user').id, { before: before?.[0], limit })
    } catch (err) {
      if (err instanceof CursorError) throw new ApiError(400, 'invalid_query', err.message)
      throw err
    }
    if (!page) throw notFound
    c.header('Cache-Control', 'private, no-cache')
    c.header('ETag', page.etag)
    if (c.req.header('if-none-match') === page.etag) return c.body(null, 304)
    return c.body(page.body, 200, { 'Content-Type': 'application/json; charset=UTF-8' })
  })
