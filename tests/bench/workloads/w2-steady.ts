// W2 steady chat: N clients in N/2 1:1 rooms, each sending one message a second. Measures
// delivery latency (sender's transaction to the peer's observer) and the relay's CPU.

import type { ArmId } from '../lib/arms.ts'
import { runJob } from '../lib/host.ts'
import { makePopulation, type BenchChat } from '../lib/population.ts'
import { verdict, type Workload } from '../lib/workload.ts'
import { onFreshDeployment } from '../lib/deployment.ts'
import { sleep } from '../lib/proc.ts'
import { openChats } from '../load/chats.ts'
import { Latencies } from '../load/latencies.ts'
import { scrapeLoopDelay } from '../load/event-loop-delay.ts'
import { probe, windowOf } from '../load/probe.ts'
import { sendAtRate } from '../load/schedule.ts'

interface Case {
  clients: number
  warmupMs: number
  windowMs: number
}

export interface SteadyParams {
  arm: ArmId
  /** The servers' ports, clients spread over them round robin (one for a one-process arm). */
  ports: number[]
  chats: BenchChat[]
  measuring: number
  warmupMs: number
  windowMs: number
  drainMs: number
}

export interface SteadyResult {
  p50: number
  p99: number
  max: number
  samples: number
  lost: number
  closed: number
  sent: number
  serverCpuPct: number
  servicesCpuPct: number
  loadCpuPct: number
  waitPct: number
  /** Work on the server core that is neither the servers nor their services, %. */
  otherPct: number
  /** Parley's event-loop delay over the window (its own metric), ms; NaN for other arms. */
  loopP99: number
  loopMax: number
}

/** Load side: runs in the load process. */
export async function steadyLoad(params: SteadyParams): Promise<SteadyResult> {
  const latencies = new Latencies()
  const target = { arm: params.arm, port: params.ports[0]!, ports: params.ports }
  const { senders, all } = await openChats(target, params.chats, { measuring: params.measuring, latencies, awareness: false })
  const rate = senders.length // one message per client per second
  await sendAtRate(senders, rate, params.warmupMs)
  latencies.reset()
  await scrapeLoopDelay(params.arm, target.port)
  const start = await probe('window start')
  const { sent } = await sendAtRate(senders, rate, params.windowMs)
  const end = await probe('window end')
  const loop = await scrapeLoopDelay(params.arm, target.port)
  const sentBy = performance.now()
  await sleep(params.drainMs)
  const lost = latencies.lostBefore(sentBy)
  const window = windowOf(start, end)
  const summary = latencies.summary()
  const closed = all.filter((c) => c.closed).length
  for (const client of all) client.close()
  return { ...summary, samples: summary.count, lost, closed, sent, serverCpuPct: window.serverCpuPct, servicesCpuPct: window.servicesCpuPct, loadCpuPct: window.loadCpuPct, waitPct: window.serverWaitPct, otherPct: window.otherOnServerCorePct, loopP99: loop.p99Ms, loopMax: loop.maxMs }
}

export const w2: Workload<Case> = {
  id: 'W2',
  title: 'Steady chat',
  method:
    'N clients in N/2 one-to-one chat rooms; every client sends one message a second (round-robin, evenly spread). ' +
    'A quarter of the rooms hold real Y.Docs on the `ws` client: latency runs from the sender\'s `doc.transact` to the ' +
    'peer\'s `observe` callback. The other rooms are cheap protocol clients on raw sockets. After a warm-up, the window ' +
    'is measured; relay CPU is the server process\'s CPU time over the window, as a share of one core. Parley\'s event-loop ' +
    'delay p99 is its own `parley_event_loop_delay_seconds` (a 1 ms timer), scraped at the window\'s start and end.',
  cases: (mode) =>
    mode === 'quick'
      ? [{ clients: 40, warmupMs: 300, windowMs: 1000 }]
      : [500, 1000, 2000].map((clients) => ({ clients, warmupMs: 3000, windowMs: 10_000 })),
  caseLabel: (c) => `N=${c.clients}`,
  metrics: [
    { key: 'p50', label: 'p50 ms', better: 'lower', digits: 1 },
    { key: 'p99', label: 'p99 ms', better: 'lower', digits: 1, headline: true },
    { key: 'max', label: 'max ms', better: 'lower', digits: 1 },
    { key: 'serverCpuPct', label: 'relay CPU %', better: 'lower', digits: 1, headline: true },
    { key: 'loopP99', label: 'event-loop delay p99 ms', better: 'lower', digits: 1 },
  ],
  async run(arm, c, mode) {
    const population = makePopulation({ users: c.clients, orgSize: 50, pairs: true })
    return onFreshDeployment(arm, population, async (deployment) => {
      const params: SteadyParams = {
        arm: arm.id,
        ports: deployment.ports,
        chats: population.chats,
        measuring: Math.max(4, Math.ceil(population.chats.length / 4)),
        warmupMs: c.warmupMs,
        windowMs: c.windowMs,
        drainMs: mode === 'quick' ? 300 : 1000,
      }
      const r = await runJob<SteadyResult>('w2', params, deployment, 60_000 + c.warmupMs + c.windowMs)
      const problem = r.closed ? `${r.closed} sockets closed` : r.lost ? `${r.lost} messages lost` : undefined
      return {
        metrics: { p50: r.p50, p99: r.p99, max: r.max, serverCpuPct: r.serverCpuPct, loopP99: r.loopP99, loopMax: r.loopMax, servicesCpuPct: r.servicesCpuPct, lost: r.lost },
        loadCpuPct: r.loadCpuPct,
        waitPct: r.waitPct,
        ...verdict(r, problem),
        detail: { samples: r.samples, sent: r.sent },
      }
    })
  },
}
