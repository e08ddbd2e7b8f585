// W5 presence: one organization with 1,000 people online, each on its presence connection with
// the app's awareness state, renewed every 15 s as stock providers do. Measures what presence
// costs each client in bytes per minute, what a join costs, and the relay's CPU: with stock
// clients, and with clients that ask Parley's relay for compact presence (`?presence=compact`).

import { COMPACT_PRESENCE, PRESENCE_PARAM } from '@parley/protocol'
import { BASELINE_ARM, type ArmId } from '../lib/arms.ts'
import { runJob } from '../lib/host.ts'
import { makePopulation, type BenchUser } from '../lib/population.ts'
import { sleep } from '../lib/proc.ts'
import { onFreshServer, verdict, type Workload } from '../lib/workload.ts'
import { openPresence } from '../load/chats.ts'
import { probe, windowOf } from '../load/probe.ts'

interface Case {
  people: number
  /** Clients ask for compact presence: awareness changes only, no unchanged renewals. */
  compact: boolean
  settleMs: number
  windowMs: number
}

export interface PresenceParams {
  arm: ArmId
  port: number
  users: BenchUser[]
  compact: boolean
  settleMs: number
  windowMs: number
}

export interface PresenceResult {
  people: number
  closed: number
  /** Awareness bytes each client received while everyone joined, on average. */
  joinBytesPerClient: number
  /** Awareness bytes and messages per client per minute in the steady window. */
  bytesPerClientMin: number
  framesPerClientMin: number
  serverCpuPct: number
  loadCpuPct: number
  waitPct: number
  rssKb: number
}

export async function presenceLoad(params: PresenceParams): Promise<PresenceResult> {
  const target = { arm: params.arm, port: params.port }
  const clients = await openPresence(target, params.users, 32, params.compact ? { [PRESENCE_PARAM]: COMPACT_PRESENCE } : undefined)
  await sleep(params.settleMs)
  const total = () => clients.reduce((sum, c) => sum + c.awarenessBytesIn, 0)
  const frames = () => clients.reduce((sum, c) => sum + c.awarenessFramesIn, 0)
  const joinBytes = total()
  const start = await probe('window start')
  const bytes0 = total()
  const frames0 = frames()
  await sleep(params.windowMs)
  const end = await probe('window end')
  const window = windowOf(start, end)
  const perClientMin = (n: number) => (n / clients.length) * (60_000 / window.ms)
  const result: PresenceResult = {
    people: clients.length,
    closed: clients.filter((c) => c.closed).length,
    joinBytesPerClient: joinBytes / clients.length,
    bytesPerClientMin: perClientMin(total() - bytes0),
    framesPerClientMin: perClientMin(frames() - frames0),
    serverCpuPct: window.serverCpuPct,
    loadCpuPct: window.loadCpuPct,
    waitPct: window.serverWaitPct,
    rssKb: window.serverRssKb,
  }
  for (const client of clients) client.close()
  return result
}

export const w5: Workload<Case> = {
  id: 'W5',
  title: 'Presence in one organization',
  method:
    'One organization, everyone online: one presence connection per person with the state the app publishes ' +
    '(`{ user: { id, name }, status: "online" }`), renewed every 15 s at a random phase as y-protocols does. People ' +
    'join 32 at a time; after they settle, a window is measured. Bytes are awareness messages received, per client, ' +
    'scaled to a minute; join bytes are what each client received while everyone joined. The raw broadcaster keeps ' +
    'no awareness, so a joiner there learns nobody who was already online until they renew. In the compact case ' +
    'every client connects with `?presence=compact`, which only Parley\'s relay knows (the relay before a ' +
    '`--baseline` ignores it, and serves those clients stock presence: its row is the "before").',
  caseAppliesTo: (arm, c) => !c.compact || arm.id === 'parley' || arm.id === BASELINE_ARM,
  // 300 as well as 1,000: on a shared machine the relay cannot keep up with 1,000 stock clients
  // (about 67,000 messages a second to send), and a stock client's bytes grow with the people
  // online while a compact client's do not, so the smaller pair still shows the ratio.
  cases: (mode) =>
    (mode === 'quick' ? [60] : [300, 1000]).flatMap((people) =>
      [false, true].map((compact) =>
        mode === 'quick' ? { people, compact, settleMs: 300, windowMs: 1000 } : { people, compact, settleMs: 3000, windowMs: 20_000 },
      ),
    ),
  caseLabel: (c) => `${c.people} people${c.compact ? ', compact' : ''}`,
  metrics: [
    { key: 'kbPerClientMin', label: 'KB/client/min', better: 'lower', digits: 1, headline: true },
    { key: 'framesPerClientMin', label: 'msgs/client/min', better: 'lower', digits: 0 },
    { key: 'joinKb', label: 'join KB/client', better: 'lower', digits: 1 },
    { key: 'serverCpuPct', label: 'relay CPU %', better: 'lower', digits: 1, headline: true },
  ],
  async run(arm, c) {
    const population = makePopulation({ users: c.people, orgSize: c.people, pairs: false })
    return onFreshServer(arm, { population }, async ({ server }) => {
      const params: PresenceParams = { arm: arm.id, port: server.port, users: population.users, compact: c.compact, settleMs: c.settleMs, windowMs: c.windowMs }
      const r = await runJob<PresenceResult>('w5', params, server, 120_000 + c.windowMs)
      return {
        metrics: {
          kbPerClientMin: r.bytesPerClientMin / 1024,
          framesPerClientMin: r.framesPerClientMin,
          joinKb: r.joinBytesPerClient / 1024,
          serverCpuPct: r.serverCpuPct,
        },
        loadCpuPct: r.loadCpuPct,
        waitPct: r.waitPct,
        ...verdict(r, r.closed ? `${r.closed} sockets closed` : undefined),
        detail: { people: r.people, rssKb: r.rssKb },
      }
    })
  },
}
