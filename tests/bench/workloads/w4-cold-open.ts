// W4 cold open: a chat with 10k (100k) messages stored on disk by the arm itself; the arm is
// restarted so nothing is in memory, and a fresh client opens the chat. Measures the time until
// the client holds the whole history, the server's CPU for it, its peak memory and the bytes sent.

import fs from 'node:fs'
import { messagesArray, type Message } from '@parley/chat-model'
import type { ArmId } from '../lib/arms.ts'
import { runJob } from '../lib/host.ts'
import { makePopulation, type BenchChat, type Population } from '../lib/population.ts'
import { sleep } from '../lib/proc.ts'
import { DISTURBED_PCT, onFreshServer, removeDir, tempDir, type Workload } from '../lib/workload.ts'
import { DocClient } from '../client/doc-client.ts'
import { dialectFor } from '../client/dialect.ts'
import { connectMany } from '../load/chats.ts'
import { probe, windowOf } from '../load/probe.ts'

interface Case {
  messages: number
}

interface Prepared {
  /** The arm's data folder after seeding, copied afresh for every round. */
  seeded: string
  population: Population
  chat: BenchChat
}

export interface SeedParams {
  arm: ArmId
  port: number
  chat: BenchChat
  messages: number
  /** Mean number of messages one person writes before the other answers. */
  meanTurn: number
}

export interface SeedResult {
  messages: number
  turns: number
  ms: number
}

/**
 * Writes the history the way people do: turns of one to a few messages, each member from their
 * own socket, each turn sent only after the other member's client has seen the previous one, so
 * that the stored document has the structure of a real conversation (one Yjs item per turn).
 */
export async function seedLoad(params: SeedParams): Promise<SeedResult> {
  const dialect = dialectFor(params.arm)
  const room = `chat/${params.chat.id}`
  const make = (m: 0 | 1) => () =>
    new DocClient({ port: params.port, dialect, room, user: params.chat.members[m], chat: params.chat, creates: m === 0, awareness: null })
  const [a] = await connectMany([make(0)])
  const [b] = await connectMany([make(1)], { retries: 30 })
  const members = [a!, b!] as const
  const started = performance.now()
  let written = 0
  let turns = 0
  const seen = (client: DocClient, count: number) =>
    new Promise<void>((resolve, reject) => {
      const array = messagesArray(client.doc)
      if (array.length >= count) return resolve()
      const timer = setTimeout(() => reject(new Error(`peer saw ${array.length} of ${count} messages after 10 s`)), 10_000)
      const check = () => {
        if (array.length < count) return
        clearTimeout(timer)
        array.unobserve(check)
        resolve()
      }
      array.observe(check)
    })
  while (written < params.messages) {
    const m = turns % 2
    const author = members[m]!
    const user = params.chat.members[m]!
    // Geometric turn length with the given mean: 1 + Geometric(1/mean).
    let k = 1
    while (Math.random() > 1 / params.meanTurn && k < 8) k++
    k = Math.min(k, params.messages - written)
    const at = Date.now()
    const batch: Message[] = []
    for (let i = 0; i < k; i++) batch.push({ id: `s${written + i}`, author: user.id, text: `Stored message ${written + i}: the quick brown fox jumps over the lazy dog.`, at })
    author.doc.transact(() => messagesArray(author.doc).push(batch))
    written += k
    turns++
    await seen(members[1 - m]!, written)
  }
  const ms = performance.now() - started
  for (const c of members) c.close()
  return { messages: written, turns, ms }
}

export interface OpenParams {
  arm: ArmId
  port: number
  chat: BenchChat
  expected: number
  timeoutMs: number
}

export interface OpenResult {
  count: number
  /** Connect to the whole history applied in the client's document. */
  openMs: number
  /** Connect to the arrival of the message that completed the history (before the client applied it). */
  arrivedMs: number
  bytes: number
  serverCpuMs: number
  serverHwmKb: number
  loadCpuMs: number
  waitPct: number
}

export async function openLoad(params: OpenParams): Promise<OpenResult> {
  const before = await probe('before open')
  const t0 = performance.now()
  const client = new DocClient({
    port: params.port,
    dialect: dialectFor(params.arm),
    room: `chat/${params.chat.id}`,
    user: params.chat.members[1],
    chat: params.chat,
    awareness: null,
  })
  const array = messagesArray(client.doc)
  let arrivedAt = NaN
  let doneAt = NaN
  const complete = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${array.length} of ${params.expected} messages after ${params.timeoutMs} ms`)), params.timeoutMs)
    array.observe(() => {
      if (array.length < params.expected || !Number.isNaN(doneAt)) return
      doneAt = performance.now()
      arrivedAt = client.lastArrival
      clearTimeout(timer)
      resolve()
    })
  })
  await client.connect(params.timeoutMs)
  await complete
  const after = await probe('after open')
  client.close()
  const window = windowOf(before, after)
  return {
    count: array.length,
    openMs: doneAt - t0,
    arrivedMs: arrivedAt - t0,
    bytes: client.bytesIn,
    serverCpuMs: before.server && after.server ? after.server.cpuMs - before.server.cpuMs : NaN,
    serverHwmKb: after.server?.hwmKb ?? NaN,
    loadCpuMs: after.load.cpuMs - before.load.cpuMs,
    waitPct: window.serverWaitPct,
  }
}

export const w4: Workload<Case, Prepared> = {
  id: 'W4',
  title: 'Cold open of a long chat',
  method:
    'Each arm first stores a 1:1 chat of 10k (100k) messages itself: two members write it through the protocol in ' +
    'turns of about two messages (each turn is sent once the other member has seen the previous one, so the document ' +
    'has one Yjs item per turn, like a real conversation). The arm is stopped gracefully and its data folder kept. ' +
    'Every round copies that folder, starts the arm afresh (nothing in memory; the OS page cache is warm), and one ' +
    'new client opens the chat. Time to synced runs from the client\'s connect to the whole history applied in its ' +
    'Y.Doc; "arrived" stops at the arrival of the frame that completed it. Server CPU is the server\'s CPU time ' +
    'during the open; peak RSS is the server process\'s high-water mark; bytes are what the client received.',
  // The raw broadcaster stores nothing, so it has no history to open.
  appliesTo: (arm) => arm.id !== 'raw-ws',
  cases: (mode) => (mode === 'quick' ? [{ messages: 300 }] : [{ messages: 10_000 }, { messages: 100_000 }]),
  caseLabel: (c) => `${c.messages / 1000}k msgs`,
  metrics: [
    { key: 'openMs', label: 'time to synced ms', better: 'lower', digits: 0, headline: true },
    { key: 'arrivedMs', label: 'arrived ms', better: 'lower', digits: 0 },
    { key: 'serverCpuMs', label: 'server CPU ms', better: 'lower', digits: 0 },
    { key: 'hwmMb', label: 'peak RSS MB', better: 'lower', digits: 0 },
    { key: 'kb', label: 'KB sent', better: 'lower', digits: 0 },
  ],
  async prepare(arm, c, mode) {
    const population = makePopulation({ users: 2, orgSize: 2, pairs: true })
    const chat = population.chats[0]!
    const seeded = tempDir(`${arm.id}-seed`)
    await onFreshServer(arm, { population, dataDir: seeded, env: arm.seedEnv, keepDir: true }, async ({ server }) => {
      const r = await runJob<SeedResult>('w4-seed', { arm: arm.id, port: server.port, chat, messages: c.messages, meanTurn: 2 } satisfies SeedParams, server, 900_000)
      if (r.messages !== c.messages) throw new Error(`seeded ${r.messages} of ${c.messages} messages`)
      // Let queued writes land before the graceful stop (which flushes debounced stores).
      await sleep(mode === 'quick' ? 500 : 3000)
    })
    return { seeded, population, chat }
  },
  async run(arm, c, mode, prepared) {
    const dataDir = tempDir(`${arm.id}-open`)
    fs.cpSync(prepared.seeded, dataDir, { recursive: true })
    const expected = c.messages
    return onFreshServer(arm, { dataDir }, async ({ server }) => {
      const params: OpenParams = { arm: arm.id, port: server.port, chat: prepared.chat, expected, timeoutMs: mode === 'quick' ? 10_000 : 60_000 }
      const r = await runJob<OpenResult>('w4-open', params, server, 120_000)
      // Here the load process is the one client being measured: its CPU is the client's share of
      // the open (decoding the history), not a load generator that could hold the server back.
      const loadCpuPct = (r.loadCpuMs / Math.max(1, r.openMs)) * 100
      return {
        metrics: { openMs: r.openMs, arrivedMs: r.arrivedMs, serverCpuMs: r.serverCpuMs, hwmMb: r.serverHwmKb / 1024, kb: r.bytes / 1024 },
        loadCpuPct,
        waitPct: r.waitPct,
        ...(r.waitPct > DISTURBED_PCT ? { disturbed: `the server's main thread waited for its core ${r.waitPct.toFixed(0)}% of the time` } : {}),
        detail: { count: r.count },
      }
    })
  },
  async cleanup(prepared) {
    removeDir(prepared.seeded)
  },
}
