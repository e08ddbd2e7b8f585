// W4h's load side: a fresh client does what the Parley app does to show a long chat. It reads the
// chat's head from GET /api/chats, syncs the room chat/<id>/<head> with a stock y-websocket
// client, and fetches one history page when the head holds fewer than the newest 50; then it
// pages back through older messages. Times, bytes and the relay's CPU are taken around each step.

import { latestById, messagesArray, type Message } from '@parley/chat-model'
import { DocClient } from '../client/doc-client.ts'
import { yWebsocket } from '../client/dialect.ts'
import { getJson } from '../client/http-json.ts'
import type { BenchChat } from '../lib/population.ts'
import { probe, windowOf } from '../load/probe.ts'

/** What the app shows of a chat at first, and how many messages one history page asks for. */
export const NEWEST = 50

export interface PagesOpenParams {
  port: number
  chat: BenchChat
  /** Messages the whole chat holds (to know when the newest 50 cannot all be there). */
  total: number
  /** History pages to fetch after the newest 50, each just older than the last. */
  pagesBack: number
  timeoutMs: number
}

export interface PagesOpenResult {
  head: number
  /** Messages the client holds once it shows the newest: the head's plus the first page's. */
  held: number
  /** Start to holding the newest 50 (GET /api/chats, head synced, first page parsed). */
  newestMs: number
  /** Bytes received for it: HTTP bodies and WebSocket messages. */
  bytes: number
  serverCpuMs: number
  waitPct: number
  loadCpuMs: number
  /** Time and bytes of the pages fetched after that; NaN when the open held the whole chat. */
  backMs: number
  backBytes: number
  backMessages: number
  serverHwmKb: number
}

interface ChatRow {
  id: string
  head?: number
}

interface HistoryPage {
  head: number
  messages: Message[]
  before: string | null
}

export async function pagesOpenLoad(params: PagesOpenParams): Promise<PagesOpenResult> {
  const { port, chat } = params
  const user = chat.members[1]
  const before = await probe('before open')
  const t0 = performance.now()
  const list = await getJson<{ chats: ChatRow[] }>(port, '/api/chats', user.token, params.timeoutMs)
  if (list.status !== 200) throw new Error(`GET /api/chats: HTTP ${list.status}`)
  const row = list.body.chats.find((c) => c.id === chat.id)
  if (!row) throw new Error('GET /api/chats does not list the chat')
  if (typeof row.head !== 'number') throw new Error('GET /api/chats gives no head: this relay has no history pages')
  const head = row.head
  const client = new DocClient({
    port,
    dialect: yWebsocket('/sync'),
    room: head === 0 ? `chat/${chat.id}` : `chat/${chat.id}/${head}`,
    user,
    chat,
    awareness: null,
  })
  await client.connect(params.timeoutMs)
  let held = latestById(messagesArray(client.doc).toArray()).length
  let bytes = list.bytes + client.bytesIn
  const page = (cursor: string | null) =>
    getJson<HistoryPage>(port, `/api/chats/${chat.id}/history?limit=${NEWEST}${cursor === null ? '' : `&before=${encodeURIComponent(cursor)}`}`, user.token, params.timeoutMs)
  // Epoch 0 as the head is the whole chat: there is nothing older to page through.
  let cursor: string | null = null
  let paged = false
  if (head > 0 && held < NEWEST) {
    const first = await page(null)
    if (first.status !== 200) throw new Error(`GET history: HTTP ${first.status}`)
    held += first.body.messages.length
    bytes += first.bytes
    cursor = first.body.before
    paged = true
  }
  const newestMs = performance.now() - t0
  const atNewest = await probe('newest shown')
  if (held < Math.min(NEWEST, params.total)) throw new Error(`the client holds ${held} messages, not the newest ${NEWEST}`)

  let backMs = NaN
  let backBytes = NaN
  let backMessages = 0
  if (head > 0) {
    const t1 = performance.now()
    backBytes = 0
    // Without a first page (the head held 50 already), paging starts at the newest sealed message.
    for (let i = 0; i < params.pagesBack && (cursor !== null || !paged); i++) {
      const older = await page(cursor)
      if (older.status !== 200) throw new Error(`GET history page ${i + 1}: HTTP ${older.status}`)
      backBytes += older.bytes
      backMessages += older.body.messages.length
      cursor = older.body.before
      paged = true
    }
    backMs = performance.now() - t1
  }
  const after = await probe('after paging')
  client.close()
  const window = windowOf(before, atNewest)
  return {
    head,
    held,
    newestMs,
    bytes,
    serverCpuMs: before.server && atNewest.server ? atNewest.server.cpuMs - before.server.cpuMs : NaN,
    waitPct: window.serverWaitPct,
    loadCpuMs: atNewest.load.cpuMs - before.load.cpuMs,
    backMs,
    backBytes,
    backMessages,
    serverHwmKb: after.server?.hwmKb ?? NaN,
  }
}
