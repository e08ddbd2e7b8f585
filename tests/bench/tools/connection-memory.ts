// Where a relay's memory per connection goes: starts Parley's relay (W1's population: one
// presence connection and one 1:1 chat connection per user, awareness on both), takes a V8 heap
// snapshot of the relay before any connection and another with N connections open, and prints
// RSS against heap, then what the heap grew by, grouped by constructor (self sizes, per connection).
// A heap snapshot runs a full GC first, so the figures are live objects, not garbage.
// Usage: node --import tsx tests/bench/tools/connection-memory.ts [N=1000] [--root DIR | --arm ID] [--keep]
// (--root: the checkout whose relay runs, e.g. a --baseline worktree; this one by default.
//  --arm: another arm's server instead, e.g. y-websocket, for its figures beside Parley's)

import fs from 'node:fs'
import path from 'node:path'
import { ARMS, ROOT, relayServer, type StandardArmId } from '../lib/arms.ts'
import { makePopulation, type Population } from '../lib/population.ts'
import { freePort, sleep, startServer, usageOf } from '../lib/proc.ts'
import { removeDir, tempDir } from '../lib/workload.ts'
import { openChats, openPresence } from '../load/chats.ts'
import { Latencies } from '../load/latencies.ts'
import { heapByConstructor, type HeapGroups } from './heap-groups.ts'

const args = process.argv.slice(2)
const connections = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000)
const keep = args.includes('--keep')
const rootAt = args.indexOf('--root')
const root = rootAt >= 0 ? path.resolve(args[rootAt + 1]!) : ROOT
const armAt = args.indexOf('--arm')
const arm = armAt >= 0 ? ARMS[args[armAt + 1] as StandardArmId] : ARMS.parley
if (!arm) throw new Error(`--arm wants one of ${Object.keys(ARMS).join(', ')}`)
const serverOf = arm.id === 'parley' ? relayServer(root) : arm.server

/** Sends the signal and waits for the snapshot file that node writes for it. */
async function snapshot(pid: number, dir: string): Promise<string> {
  const before = new Set(fs.readdirSync(dir))
  process.kill(pid, 'SIGUSR2')
  const deadline = Date.now() + 120_000
  for (;;) {
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f))
    // The file grows while node writes it: done once it ends with the JSON's closing brace.
    if (file && endsComplete(path.join(dir, file))) return path.join(dir, file)
    if (Date.now() > deadline) throw new Error('no heap snapshot within 120 s')
    await sleep(200)
  }
}

function endsComplete(file: string): boolean {
  const fd = fs.openSync(file, 'r')
  try {
    const size = fs.fstatSync(fd).size
    const tail = Buffer.alloc(Math.min(16, size))
    fs.readSync(fd, tail, 0, tail.length, size - tail.length)
    return tail.toString().trimEnd().endsWith(']}')
  } finally {
    fs.closeSync(fd)
  }
}

/** The relay's own view of its memory: V8's heap spaces and external memory, from GET /metrics. */
async function heapSpaces(port: number): Promise<Map<string, string>> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => null)
  const text = response?.ok ? await response.text() : '' // the other arms have no /metrics
  const value = (line: string) => mb(Number(line.slice(line.lastIndexOf(' ') + 1)))
  const out = new Map<string, string>()
  const find = (prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix))
  for (const line of find('nodejs_heap_space_size_total_bytes')) {
    const space = /space="(\w+)"/.exec(line)?.[1] ?? '?'
    const used = find(`nodejs_heap_space_size_used_bytes{space="${space}"}`)[0]
    out.set(`${space} space`, `${value(line)} / ${used ? value(used) : '?'}`)
  }
  for (const name of ['nodejs_heap_size_total_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_external_memory_bytes']) {
    const line = find(name + ' ')[0]
    if (line) out.set(name.replace('nodejs_', ''), value(line))
  }
  return out
}

const mb = (bytes: number) => (bytes / 1048576).toFixed(1)

async function main() {
  const snapDir = tempDir('heap-snapshots')
  const population = makePopulation({ users: connections / 2, orgSize: 50, pairs: true })
  // Writing a snapshot leaves the process tens of MiB larger for good, so the empty heap comes
  // from a relay of its own, and RSS is read on the measured relay before its only snapshot.
  const empty = await onRelay(structuredClone(population), snapDir, async (pid) => heapByConstructor(await snapshot(pid, snapDir)))
  await onRelay(population, snapDir, async (pid, port) => {
    const target = { arm: arm.id, port }
    const rssBefore = usageOf(pid).rssKb * 1024
    const v8Before = await heapSpaces(port)
    const presence = await openPresence(target, population.users)
    const chats = await openChats(target, population.chats, { measuring: 0, latencies: new Latencies(), awareness: true })
    const all = [...presence, ...chats.all]
    await sleep(3000)
    const rssAfter = usageOf(pid).rssKb * 1024
    const v8After = await heapSpaces(port)
    const full = heapByConstructor(await snapshot(pid, snapDir))
    const closed = all.filter((c) => c.closed).length
    report(all.length, closed, rssBefore, rssAfter, empty, full)
    console.log('')
    console.log('V8 before the snapshot, MiB (from /metrics: committed / used; external):')
    for (const [name, after] of v8After) console.log(`  ${name.padEnd(34)} ${v8Before.get(name) ?? '?'} → ${after}`)
    for (const client of all) client.close()
  })
  if (keep) console.log(`snapshots kept in ${snapDir}`)
  else removeDir(snapDir)
}

/** Runs `fn` on a fresh relay (its own data folder, the population registered) that writes heap snapshots on SIGUSR2. */
async function onRelay<T>(population: Population, snapDir: string, fn: (pid: number, port: number) => Promise<T>): Promise<T> {
  const dataDir = tempDir('heap')
  try {
    await arm.register(dataDir, population)
    const spec = serverOf(dataDir)
    spec.args = ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapDir}`, ...spec.args]
    const server = await startServer(spec, await freePort())
    try {
      await sleep(1000)
      return await fn(server.pid, server.port)
    } finally {
      await server.stop()
    }
  } finally {
    removeDir(dataDir)
  }
}

function report(n: number, closed: number, rssBefore: number, rssAfter: number, empty: HeapGroups, full: HeapGroups) {
  const per = (bytes: number) => ((bytes / n) * 1000) / 1048576
  const heapGrowth = full.total - empty.total
  console.log(`${n} connections (${closed} closed) against ${arm.id === 'parley' ? `the relay of ${root}` : arm.label}`)
  console.log(`RSS      ${mb(rssBefore)} → ${mb(rssAfter)} MiB: ${per(rssAfter - rssBefore).toFixed(1)} MiB per 1k connections`)
  console.log(`JS heap  ${mb(empty.total)} → ${mb(full.total)} MiB (live, after GC): ${per(heapGrowth).toFixed(1)} MiB per 1k connections`)
  console.log(`outside the heap (RSS growth − heap growth): ${per(rssAfter - rssBefore - heapGrowth).toFixed(1)} MiB per 1k connections`)
  console.log('')
  console.log('heap growth by constructor (self size), top 40:')
  console.log(`${'bytes/conn'.padStart(10)} ${'objs/conn'.padStart(9)}  constructor`)
  const rows = [...full.groups].map(([name, g]) => {
    const was = empty.groups.get(name) ?? { bytes: 0, count: 0 }
    return { name, bytes: g.bytes - was.bytes, count: g.count - was.count }
  })
  rows.sort((a, b) => b.bytes - a.bytes)
  for (const row of rows.slice(0, 40)) {
    console.log(`${(row.bytes / n).toFixed(0).padStart(10)} ${(row.count / n).toFixed(2).padStart(9)}  ${row.name}`)
  }
}

await main()
