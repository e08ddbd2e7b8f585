// W4h history pages: a fresh client shows the newest 50 messages of a chat of 10k, 100k or 1M
// messages the way the Parley app does (head room + one history page), then pages back 10 pages.
// Parley's chats are written straight into its data folder (parley-history-seed.ts): 1M messages
// cannot be written through the protocol in bench time. The other arms have no history pages, so
// their row is W4's full cold open of the same chat, at the sizes W4 can seed through the protocol.

import fs from 'node:fs'
import type { Arm } from '../lib/arms.ts'
import { runJob } from '../lib/host.ts'
import { makePopulation, type BenchChat, type Population } from '../lib/population.ts'
import { DISTURBED_PCT, onFreshServer, removeDir, tempDir, type Mode, type RoundResult, type Workload } from '../lib/workload.ts'
import type { HistorySeed } from '../lib/parley-history-seed.ts'
import { w4 } from './w4-cold-open.ts'
import { NEWEST, type PagesOpenParams, type PagesOpenResult } from './w4h-open.ts'

/** PARLEY_EPOCH_MESSAGES for the seeded chats and the relay that opens them (the relay's default). */
export const EPOCH_MESSAGES = 500
/** Messages in the head of a seeded chat: fewer than 50, so the app needs one history page too. */
export const HEAD_MESSAGES = 20
const PAGES_BACK = 10
/** The largest chat the other arms can write through the protocol in bench time (W4's sizes). */
const PROTOCOL_SEED_MAX = 100_000

interface Case {
  messages: number
  /** Epochs as the relay splits a chat today, or one epoch 0 written before epochs existed. */
  layout: 'epochs' | 'legacy'
  /** Legacy: the open that splits the chat (1), or the next one, on a fresh relay (2). */
  open?: 1 | 2
}

interface Prepared {
  seeded: string
  population: Population
  chat: BenchChat
  /** Parley: its own seeding; the other arms: W4's prepared chat, opened by W4's run. */
  via: 'pages' | 'w4'
  w4?: unknown
}

const parleyEnv = { PARLEY_EPOCH_MESSAGES: String(EPOCH_MESSAGES) }

const sizeLabel = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`)

async function seedParley(arm: Arm, c: Case, mode: Mode): Promise<Prepared> {
  const population = makePopulation({ users: 2, orgSize: 2, pairs: true })
  const chat = population.chats[0]!
  const seeded = tempDir(`${arm.id}-pages`)
  await arm.register(seeded, population)
  const { seedParleyHistory } = await import('../lib/parley-history-seed.ts')
  const seed: HistorySeed =
    c.layout === 'legacy'
      ? { layout: 'legacy', messages: c.messages }
      : { layout: 'epochs', messages: c.messages, epochMessages: EPOCH_MESSAGES, headMessages: HEAD_MESSAGES }
  await seedParleyHistory(seeded, chat, seed)
  if (c.open === 2) {
    // The first open splits the legacy chat; the rounds measure the open after it.
    await onFreshServer(arm, { dataDir: seeded, env: parleyEnv, keepDir: true }, async ({ server }) => {
      await runJob<PagesOpenResult>('w4h-open', openParams(server.port, chat, c, mode), server, 300_000)
      const { waitForHead } = await import('../lib/parley-history-seed.ts')
      await waitForHead(server.port, chat, 1, 30_000)
    })
  }
  return { seeded, population, chat, via: 'pages' }
}

const openParams = (port: number, chat: BenchChat, c: Case, mode: Mode): PagesOpenParams => ({
  port,
  chat,
  total: c.layout === 'epochs' ? c.messages + HEAD_MESSAGES : c.messages,
  pagesBack: PAGES_BACK,
  timeoutMs: mode === 'quick' ? 20_000 : 120_000,
})

/** The other arms: W4's cold open of the whole chat, its figures under W4h's names. */
function fromW4(r: RoundResult): RoundResult {
  const m = r.metrics
  return { ...r, metrics: { newestMs: m.openMs ?? NaN, kb: m.kb ?? NaN, serverCpuMs: m.serverCpuMs ?? NaN, hwmMb: m.hwmMb ?? NaN, backMs: NaN, warmMs: NaN } }
}

export const w4h: Workload<Case, Prepared> = {
  id: 'W4h',
  title: 'History pages',
  method:
    `Parley's chat is written straight into its data folder with the relay's own modules (1M messages through the ` +
    `protocol would take longer than the whole bench): epochs of ${EPOCH_MESSAGES} messages (PARLEY_EPOCH_MESSAGES), each a Y.Doc written in turns ` +
    `of about two messages by the two members under their own Yjs client ids (one item per turn, as in W4), stored as ` +
    `one compacted row per room, with the chat's head and per-epoch stats; the head holds ${HEAD_MESSAGES} more messages, ` +
    `so showing the newest ${NEWEST} takes the head and one history page. "legacy" is one epoch 0 of 100k messages ` +
    `written before epochs existed (head 0): the 1st open syncs all of it and makes the relay split it, the 2nd open ` +
    `(a fresh relay on the folder the 1st left) is an ordinary paged open. Every round starts the relay afresh on a copy ` +
    `of the folder, and one new client with a stock y-websocket framing does what the app does: GET /api/chats (the head), ` +
    `sync chat/<id>/<head>, GET /api/chats/<id>/history?limit=${NEWEST} when the head holds fewer than ${NEWEST}. ` +
    `"time to newest 50" runs from the GET to holding them; bytes are the HTTP bodies and WebSocket messages received; ` +
    `relay CPU is the relay's CPU time over that window; peak RSS is the relay's high-water mark; "10 pages back" is ` +
    `${PAGES_BACK} more history pages of ${NEWEST}, one after the other; "next client" is one more fresh client doing ` +
    `the same open on the relay that is now warm (code compiled, the epoch's render cached). Hocuspocus and the y-websocket server have no ` +
    `history pages: their rows are W4's full cold open of the same chat (written through the protocol, so at 10k and ` +
    `100k only: W4's seeding wrote 100k messages in 2 to 5 minutes per arm on this machine, so 1M would take 20 to 45).`,
  appliesTo: (arm) => arm.id !== 'raw-ws',
  caseAppliesTo: (arm, c) => arm.id === 'parley' || (c.layout === 'epochs' && c.messages <= PROTOCOL_SEED_MAX),
  cases: (mode) =>
    mode === 'quick'
      ? [
          { messages: 1000, layout: 'epochs' },
          { messages: 1200, layout: 'legacy', open: 1 },
          { messages: 1200, layout: 'legacy', open: 2 },
        ]
      : [
          { messages: 10_000, layout: 'epochs' },
          { messages: 100_000, layout: 'epochs' },
          { messages: 1_000_000, layout: 'epochs' },
          { messages: 100_000, layout: 'legacy', open: 1 },
          { messages: 100_000, layout: 'legacy', open: 2 },
        ],
  caseLabel: (c) => (c.layout === 'legacy' ? `${sizeLabel(c.messages)} legacy, ${c.open === 1 ? '1st' : '2nd'}` : `${sizeLabel(c.messages)} msgs`),
  metrics: [
    { key: 'newestMs', label: 'time to newest 50 ms', better: 'lower', digits: 0, headline: true },
    { key: 'kb', label: 'KB received', better: 'lower', digits: 0 },
    { key: 'serverCpuMs', label: 'relay CPU ms', better: 'lower', digits: 0 },
    { key: 'hwmMb', label: 'peak RSS MB', better: 'lower', digits: 0 },
    { key: 'backMs', label: '10 pages back ms', better: 'lower', digits: 0 },
    { key: 'warmMs', label: 'next client ms', better: 'lower', digits: 0 },
  ],
  async prepare(arm, c, mode) {
    if (arm.id === 'parley') return seedParley(arm, c, mode)
    const prepared = (await w4.prepare!(arm, { messages: c.messages }, mode)) as { seeded: string; population: Population; chat: BenchChat }
    return { ...prepared, via: 'w4', w4: prepared }
  },
  async run(arm, c, mode, prepared) {
    if (prepared.via === 'w4') return fromW4(await w4.run(arm, { messages: c.messages }, mode, prepared.w4 as Parameters<typeof w4.run>[3]))
    const dataDir = tempDir(`${arm.id}-pages-open`)
    fs.cpSync(prepared.seeded, dataDir, { recursive: true })
    return onFreshServer(arm, { dataDir, env: parleyEnv }, async ({ server }) => {
      const r = await runJob<PagesOpenResult>('w4h-open', openParams(server.port, prepared.chat, c, mode), server, 300_000)
      return {
        metrics: { newestMs: r.newestMs, kb: r.bytes / 1024, serverCpuMs: r.serverCpuMs, hwmMb: r.serverHwmKb / 1024, backMs: r.backMs, warmMs: r.warmMs },
        // The load process is the one client measured: its CPU is the client's share of the open.
        loadCpuPct: (r.loadCpuMs / Math.max(1, r.newestMs)) * 100,
        waitPct: r.waitPct,
        ...(r.waitPct > DISTURBED_PCT ? { disturbed: `the server's main thread waited for its core ${r.waitPct.toFixed(0)}% of the time` } : {}),
        detail: { head: r.head, held: r.held, steps: r.steps, warmSteps: r.warmSteps, backKb: r.backBytes / 1024, backMessages: r.backMessages },
      }
    })
  },
  async cleanup(prepared) {
    removeDir(prepared.seeded)
  },
}
