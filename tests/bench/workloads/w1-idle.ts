// W1 idle: 1k and 5k connections that do nothing but stay: every user has a presence connection
// for its organization and one connection to a 1:1 chat, and renews its awareness every 15 s as
// stock providers do. Measures the relay's memory per 1,000 connections and its CPU at idle.

import type { ArmId } from '../lib/arms.ts'
import { runJob } from '../lib/host.ts'
import { makePopulation, type BenchChat, type BenchUser } from '../lib/population.ts'
import { sleep } from '../lib/proc.ts'
import { onFreshServer, verdict, type Workload } from '../lib/workload.ts'
import { openChats, openPresence } from '../load/chats.ts'
import { Latencies } from '../load/latencies.ts'
import { probe, windowOf } from '../load/probe.ts'

interface Case {
  connections: number
  settleMs: number
  idleMs: number
}

export interface IdleParams {
  arm: ArmId
  port: number
  users: BenchUser[]
  chats: BenchChat[]
  settleMs: number
  idleMs: number
}

export interface IdleResult {
  connections: number
  closed: number
  baselineRssKb: number
  rssKb: number
  serverCpuPct: number
  loadCpuPct: number
  waitPct: number
}

export async function idleLoad(params: IdleParams): Promise<IdleResult> {
  const target = { arm: params.arm, port: params.port }
  const baseline = await probe('baseline')
  const presence = await openPresence(target, params.users)
  const { all: chatClients } = await openChats(target, params.chats, { measuring: 0, latencies: new Latencies(), awareness: true })
  const all = [...presence, ...chatClients]
  await sleep(params.settleMs)
  const start = await probe('idle start')
  await sleep(params.idleMs)
  const end = await probe('idle end')
  const window = windowOf(start, end)
  const closed = all.filter((c) => c.closed).length
  for (const client of all) client.close()
  return {
    connections: all.length,
    closed,
    baselineRssKb: baseline.server?.rssKb ?? NaN,
    rssKb: window.serverRssKb,
    serverCpuPct: window.serverCpuPct,
    loadCpuPct: window.loadCpuPct,
    waitPct: window.serverWaitPct,
  }
}

export const w1: Workload<Case> = {
  id: 'W1',
  title: 'Idle connections',
  method:
    'Users in organizations of 50, paired into 1:1 chats; each user holds two connections, one to its organization\'s ' +
    'presence room and one to its chat (so 1k connections are 500 users in 250 chats), and renews its awareness state ' +
    'every 15 s at a random phase, as y-protocols does. After everyone has synced and settled, the relay\'s resident ' +
    'memory is read and its CPU measured over the idle window. Memory per 1k connections is (RSS − RSS before any ' +
    'connection) ÷ (connections ÷ 1000).',
  cases: (mode) =>
    mode === 'quick'
      ? [{ connections: 200, settleMs: 300, idleMs: 1000 }]
      : [1000, 5000].map((connections) => ({ connections, settleMs: 3000, idleMs: 10_000 })),
  caseLabel: (c) => `${c.connections} conns`,
  metrics: [
    { key: 'rssPer1kMb', label: 'MB per 1k conns', better: 'lower', digits: 1, headline: true },
    { key: 'rssMb', label: 'RSS MB', better: 'lower', digits: 0 },
    { key: 'serverCpuPct', label: 'idle CPU %', better: 'lower', digits: 1, headline: true },
  ],
  async run(arm, c) {
    const population = makePopulation({ users: c.connections / 2, orgSize: 50, pairs: true })
    return onFreshServer(arm, { population }, async ({ server }) => {
      const params: IdleParams = {
        arm: arm.id,
        port: server.port,
        users: population.users,
        chats: population.chats,
        settleMs: c.settleMs,
        idleMs: c.idleMs,
      }
      const r = await runJob<IdleResult>('w1', params, server, 120_000 + c.idleMs)
      return {
        metrics: {
          rssPer1kMb: (r.rssKb - r.baselineRssKb) / 1024 / (r.connections / 1000),
          rssMb: r.rssKb / 1024,
          serverCpuPct: r.serverCpuPct,
        },
        loadCpuPct: r.loadCpuPct,
        waitPct: r.waitPct,
        ...verdict(r, r.closed ? `${r.closed} of ${r.connections} sockets closed` : undefined),
        detail: { connections: r.connections, baselineRssKb: r.baselineRssKb },
      }
    })
  },
}
