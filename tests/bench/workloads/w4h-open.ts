// W4h's load side: a fresh client does what the Parley app does to show a long chat. It reads the
// chat's head from GET /api/chats, syncs the room chat/<id>/<head> with a stock y-websocket
// client, and fetches one history page when the head holds fewer than the newest 50; then it
// pages back through older messages. Times, bytes and the relay's CPU are taken around each step.

import { latestById, messagesArray, type HistoryPage } from '@parley/chat-model'
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
  /** The same, start to newest, for a second fresh client once the first has paged back. */
  warmMs: number
  steps: Shown['steps']
  warmSteps: Shown['steps']
}

interface ChatRow {
  id: string
  head?: number
}

/** What one client did to show the newest messages, and what it holds then. */
interface Shown {
  client: DocClient
  head: number
  held: number
  bytes: number
  /** Where the next older page starts; null once the oldest is reached or when nothing was paged. */
  cursor: string | null
  paged: boolean
  /** From the start: GET /api/chats answered, head synced, first page parsed (= head synced without one). */
  steps: { listMs: number; headMs: number; pageMs: number }
}

const historyPath = (chatId: string, cursor: string | null) =>
  `/api/chats/${chatId}/history?limit=${NEWEST}${cursor === null ? '' : `&before=${encodeURIComponent(cursor)}`}`

/** GET /api/chats for the head, sync chat/<id>/<head>, and one history page when the head holds fewer than 50. */
async function showNewest(params: PagesOpenParams, t0: number): Promise<Shown> {
  const { port, chat } = params
  const user = chat.members[1]
  const list = await getJson<{ chats: ChatRow[] }>(port, '/api/chats', user.token, params.timeoutMs)
  if (list.status !== 200) throw new Error(`GET /api/chats: HTTP ${list.status}`)
  const row = list.body.chats.find((c) => c.id === chat.id)
  if (!row) throw new Error('GET /api/chats does not list the chat')
  if (typeof row.head !== 'number') throw new Error('GET /api/chats gives no head: this relay has no history pages')
  const listMs = performance.now() - t0
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
  const headMs = performance.now() - t0
  const shown: Shown = {
    client,
    head,
    held: latestById(messagesArray(client.doc).toArray()).length,
    bytes: list.bytes + client.bytesIn,
    cursor: null,
    paged: false,
    steps: { listMs, headMs, pageMs: headMs },
  }
  // Epoch 0 as the head is the whole chat: there is nothing older to page through.
  if (head > 0 && shown.held < NEWEST) {
    const first = await getJson<HistoryPage>(port, historyPath(chat.id, null), user.token, params.timeoutMs)
    if (first.status !== 200) throw new Error(`GET history: HTTP ${first.status}`)
    shown.held += first.body.messages.length
    shown.bytes += first.bytes
    shown.cursor = first.body.before
    shown.paged = true
    shown.steps.pageMs = performance.now() - t0
  }
  if (shown.held < Math.min(NEWEST, params.total)) throw new Error(`the client holds ${shown.held} messages, not the newest ${NEWEST}`)
  return shown
}

export async function pagesOpenLoad(params: PagesOpenParams): Promise<PagesOpenResult> {
  const { port, chat } = params
  const before = await probe('before open')
  const t0 = performance.now()
  const shown = await showNewest(params, t0)
  const newestMs = performance.now() - t0
  const atNewest = await probe('newest shown')

  let backMs = NaN
  let backBytes = NaN
  let backMessages = 0
  if (shown.head > 0) {
    const t1 = performance.now()
    backBytes = 0
    let { cursor, paged } = shown
    // Without a first page (the head held 50 already), paging starts at the newest sealed message.
    for (let i = 0; i < params.pagesBack && (cursor !== null || !paged); i++) {
      const older = await getJson<HistoryPage>(port, historyPath(chat.id, cursor), chat.members[1].token, params.timeoutMs)
      if (older.status !== 200) throw new Error(`GET history page ${i + 1}: HTTP ${older.status}`)
      backBytes += older.bytes
      backMessages += older.body.messages.length
      cursor = older.body.before
      paged = true
    }
    backMs = performance.now() - t1
  }
  const after = await probe('after paging')
  shown.client.close()
  // Another fresh client on the relay that is now warm (code compiled, render cached): the floor.
  const t2 = performance.now()
  const again = await showNewest(params, t2)
  const warmMs = performance.now() - t2
  again.client.close()
  const window = windowOf(before, atNewest)
  return {
    head: shown.head,
    held: shown.held,
    newestMs,
    steps: shown.steps,
    bytes: shown.bytes,
    serverCpuMs: before.server && atNewest.server ? atNewest.server.cpuMs - before.server.cpuMs : NaN,
    waitPct: window.serverWaitPct,
    loadCpuMs: atNewest.load.cpuMs - before.load.cpuMs,
    backMs,
    backBytes,
    backMessages,
    serverHwmKb: after.server?.hwmKb ?? NaN,
    warmMs,
    warmSteps: again.steps,
  }
}
