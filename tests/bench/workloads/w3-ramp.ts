// W3 ramp: 1:1 chats under a rising total message rate, doubling until a step fails (p99 above
// 100 ms, a message lost, a socket closed), then bisecting between the last good and the first
// bad rate. The result is the highest rate that held.

import type { ArmId } from '../lib/arms.ts'
import { runJob } from '../lib/host.ts'
import { makePopulation, type BenchChat } from '../lib/population.ts'
import { sleep } from '../lib/proc.ts'
import { LOAD_SATURATED_PCT, disturbance, type Workload } from '../lib/workload.ts'
import { onFreshDeployment } from '../lib/deployment.ts'
import { LoadClient } from '../client/load-client.ts'
import { openChats } from '../load/chats.ts'
import { Latencies } from '../load/latencies.ts'
import { scrapeLoopDelay } from '../load/event-loop-delay.ts'
import { probe, windowOf } from '../load/probe.ts'
import { sendAtRate } from '../load/schedule.ts'

/** The latency bound of the workload: a step whose p99 passes it has failed. */
const P99_LIMIT_MS = 100

interface Case {
  clients: number
  startRate: number
  maxRate: number
  stepMs: number
  bisections: number
}

export interface RampParams {
  arm: ArmId
  /** The servers' ports, clients spread over them round robin (one for a one-process arm). */
  ports: number[]
  chats: BenchChat[]
  measuring: number
  startRate: number
  maxRate: number
  stepMs: number
  graceMs: number
  bisections: number
}

export interface RampStep {
  rate: number
  achieved: number
  p50: number
  p99: number
  max: number
  lost: number
  closed: number
  serverCpuPct: number
  servicesCpuPct: number
  loadCpuPct: number
  waitPct: number
  /** Work on the server core that is neither the servers nor their services, %. */
  otherPct: number
  /** Parley's event-loop delay over the step (its own metric), ms; NaN for other arms. */
  loopP99: number
  ok: boolean
}

export interface RampResult {
  best: number
  steps: RampStep[]
  /** Why the ramp stopped. */
  stop: 'latency' | 'loss' | 'load-saturated' | 'max-rate'
  loadCpuAtBest: number
}

export async function rampLoad(params: RampParams): Promise<RampResult> {
  const latencies = new Latencies()
  const target = { arm: params.arm, port: params.ports[0]!, ports: params.ports }
  const { senders, all } = await openChats(target, params.chats, { measuring: params.measuring, latencies, awareness: false })
  const steps: RampStep[] = []

  const step = async (rate: number): Promise<RampStep> => {
    // Cheap clients write their messages before the step, so that the step only sends them.
    const perSender = Math.ceil((rate * params.stepMs) / 1000 / senders.length) + 1
    for (const s of senders) if (s instanceof LoadClient) s.prepare(perSender)
    latencies.reset()
    latencies.clearPending()
    await scrapeLoopDelay(params.arm, target.port)
    const start = await probe(`rate ${rate} start`)
    const { sent } = await sendAtRate(senders, rate, params.stepMs)
    const end = await probe(`rate ${rate} end`)
    const loop = await scrapeLoopDelay(params.arm, target.port)
    const sentBy = performance.now()
    await sleep(params.graceMs)
    const lost = latencies.lostBefore(sentBy)
    const summary = latencies.summary()
    const closed = all.filter((c) => c.closed).length
    const window = windowOf(start, end)
    const achieved = (sent / window.ms) * 1000
    const ok = closed === 0 && lost === 0 && summary.p99 <= P99_LIMIT_MS && achieved >= rate * 0.95
    const result: RampStep = { rate, achieved, ...summary, lost, closed, serverCpuPct: window.serverCpuPct, servicesCpuPct: window.servicesCpuPct, loadCpuPct: window.loadCpuPct, waitPct: window.serverWaitPct, otherPct: window.otherOnServerCorePct, loopP99: loop.p99Ms, ok }
    steps.push(result)
    return result
  }

  let good: RampStep | null = null
  let bad: RampStep | null = null
  let stop: RampResult['stop'] = 'max-rate'
  for (let rate = params.startRate; rate <= params.maxRate; rate *= 2) {
    const s = await step(rate)
    if (s.loadCpuPct > LOAD_SATURATED_PCT) {
      stop = 'load-saturated'
      if (s.ok) good = s
      break
    }
    if (!s.ok) {
      bad = s
      stop = s.lost || s.closed ? 'loss' : 'latency'
      break
    }
    good = s
  }
  // Bisect only while nothing has closed: a closed socket leaves the rest of the run lopsided.
  for (let i = 0; i < params.bisections && good && bad && bad.closed === 0; i++) {
    const rate = Math.round(Math.sqrt(good.rate * bad.rate))
    const s = await step(rate)
    if (s.ok && s.loadCpuPct <= LOAD_SATURATED_PCT) good = s
    else bad = s
  }
  for (const client of all) client.close()
  return { best: good?.rate ?? 0, steps, stop, loadCpuAtBest: good?.loadCpuPct ?? NaN }
}

export const w3: Workload<Case> = {
  id: 'W3',
  title: 'Message-rate ramp',
  method:
    `1:1 chats; the total message rate (round-robin over every client) doubles each step until a step fails — p99 ` +
    `above ${P99_LIMIT_MS} ms, a measured message not delivered within the grace period, a socket closed, or less than 95% ` +
    'of the rate sent — then the rate is bisected (geometrically) three times between the last good and the first bad ' +
    'step. A tenth of the rooms measure latency with real Y.Docs; the others send messages written before the step. ' +
    'The result is the highest rate that held. When the load generator passes 90% of its core first, the result is ' +
    'a lower bound for that arm and the round is marked invalid.',
  cases: (mode) =>
    mode === 'quick'
      ? [{ clients: 40, startRate: 200, maxRate: 400, stepMs: 500, bisections: 0 }]
      : [{ clients: 1000, startRate: 250, maxRate: 128_000, stepMs: 3000, bisections: 3 }],
  caseLabel: (c) => `${c.clients} clients`,
  metrics: [
    { key: 'best', label: 'max msgs/s', better: 'higher', digits: 0, headline: true },
    { key: 'p99AtBest', label: 'p99 ms at max', better: 'lower', digits: 1 },
    { key: 'cpuAtBest', label: 'relay CPU % at max', better: 'lower', digits: 0 },
    { key: 'loopP99AtBest', label: 'event-loop delay p99 ms at max', better: 'lower', digits: 1 },
  ],
  async run(arm, c) {
    const population = makePopulation({ users: c.clients, orgSize: 50, pairs: true })
    return onFreshDeployment(arm, population, async (deployment) => {
      const params: RampParams = {
        arm: arm.id,
        ports: deployment.ports,
        chats: population.chats,
        measuring: Math.max(4, Math.ceil(population.chats.length / 10)),
        startRate: c.startRate,
        maxRate: c.maxRate,
        stepMs: c.stepMs,
        graceMs: Math.min(2000, c.stepMs),
        bisections: c.bisections,
      }
      const r = await runJob<RampResult>('w3', params, deployment, 300_000)
      const best = r.steps.find((s) => s.rate === r.best)
      const waitPct = Math.max(...r.steps.map((s) => s.waitPct))
      const otherPct = Math.max(...r.steps.map((s) => s.otherPct))
      const disturbed = disturbance(waitPct, otherPct)?.replace('of the time', 'of a step at worst')
      return {
        metrics: { best: r.best, p99AtBest: best?.p99 ?? NaN, cpuAtBest: best?.serverCpuPct ?? NaN, loopP99AtBest: best?.loopP99 ?? NaN, servicesCpuAtBest: best?.servicesCpuPct ?? NaN },
        loadCpuPct: best?.loadCpuPct ?? Math.max(...r.steps.map((s) => s.loadCpuPct)),
        waitPct,
        ...(r.stop === 'load-saturated' ? { invalid: `load generator saturated first: ${r.best} msgs/s is a lower bound` } : {}),
        ...(disturbed ? { disturbed } : {}),
        detail: { stop: r.stop, steps: r.steps },
      }
    })
  },
}
