// What storage work still runs on the relay's thread, and for how long (issue 14, goal 1): for a
// chat of N messages by two authors in turn, the compaction's encode (Y.encodeStateAsUpdate), the
// load of its snapshot into a fresh Y.Doc (Y.applyUpdate), the copy of the snapshot posted to the
// storage worker, the compaction itself through the worker as the relay's thread sees it (the
// longest event-loop delay while it runs) and the read of the stored row; then how long the relay's own one-row writes take
// beside the worker's commits, and the event-loop delay while scrypt hashes a password at the
// default cost. Prints a table of medians; asserts nothing.
// Run: node --import tsx tests/bench/tools/main-thread-storage-work.ts [10000,100000]

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import * as Y from 'yjs'
import { appendMessage, initChat } from '@parley/chat-model'
import { hashPassword } from '../../../sync-server/src/accounts/password.ts'
import { openDatabase } from '../../../sync-server/src/storage/database.ts'
import { createSqliteDocStore } from '../../../sync-server/src/storage/sqlite-doc-store.ts'
import { startWriteThread } from '../../../sync-server/src/storage/sqlite-write-thread.ts'

const ROUNDS = 5
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const timed = (fn: () => void) => {
  const started = performance.now()
  fn()
  return performance.now() - started
}

/** A chat of `messages` messages, two writers in turn, as the relay would hold it. */
function chatOf(messages: number): Y.Doc {
  const writers = [new Y.Doc(), new Y.Doc()] as const
  initChat(writers[0], { id: 'c', members: ['a', 'b'], createdBy: 'a', createdAt: 1 })
  Y.applyUpdate(writers[1], Y.encodeStateAsUpdate(writers[0]))
  for (let i = 0; i < messages; i++) {
    const writer = writers[i % 2]!
    const before = Y.encodeStateVector(writer)
    appendMessage(writer, { id: `m${i}`, author: i % 2 ? 'b' : 'a', text: `message number ${i}, of an ordinary length`, at: 1 + i })
    Y.applyUpdate(writers[(i + 1) % 2]!, Y.encodeStateAsUpdate(writer, before))
  }
  return writers[0]
}

/** The longest event-loop delay (ms) while `work` runs, from a 1 ms monitorEventLoopDelay. */
async function longestDelayDuring(work: () => Promise<unknown>): Promise<number> {
  const delay = monitorEventLoopDelay({ resolution: 1 })
  delay.enable()
  await work()
  await new Promise((resolve) => setImmediate(resolve))
  delay.disable()
  return delay.count ? Math.max(0, delay.max / 1e6 - 1) : NaN
}

/**
 * W2's storage pattern without the network: a batch of three 300-byte rows every 2 ms (and a
 * 1 ms timer) for `ms`, committed on this thread with SQLite's autocheckpoint (the relay before
 * the worker) or through the worker. The event-loop delay and each commit's wait, in ms.
 */
async function steadyCommits(store: ReturnType<typeof createSqliteDocStore>, ms: number) {
  const waits: number[] = []
  const cpu = process.cpuUsage()
  const delay = monitorEventLoopDelay({ resolution: 1 })
  delay.enable()
  const until = performance.now() + ms
  const inflight: Promise<void>[] = []
  for (let b = 0; performance.now() < until; b++) {
    const started = performance.now()
    inflight.push(store.commit(Array.from({ length: 3 }, (_, i) => ({ room: `steady-${(b * 3 + i) % 500}`, update: new Uint8Array(300).fill(b) }))).then(() => void waits.push(performance.now() - started)))
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  await Promise.all(inflight)
  delay.disable()
  const used = process.cpuUsage(cpu)
  const cpuPerBatchUs = (used.user + used.system) / waits.length
  waits.sort((a, b) => a - b)
  const late = (ns: number) => Math.max(0, ns / 1e6 - 1).toFixed(1)
  return `event-loop delay p99 ${late(delay.percentile(99))} ms, max ${late(delay.max)} ms; commit wait p50 ${waits[Math.floor(waits.length / 2)]!.toFixed(1)} ms, p99 ${waits[Math.floor(waits.length * 0.99)]!.toFixed(1)} ms, max ${waits.at(-1)!.toFixed(1)} ms (${waits.length} batches, ${cpuPerBatchUs.toFixed(0)} µs of CPU each, all threads)`
}

const sizes = (process.argv[2] ?? '10000,100000').split(',').map(Number)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-main-thread-'))
const db = openDatabase(dir)
const thread = startWriteThread({ file: db.name, synchronous: 'normal', checkpoints: { everyMs: 1000, walBoundBytes: 64 * 1024 * 1024 } })
const store = createSqliteDocStore(db, thread)
const checkpointMs: Record<string, number[]> = {}
thread.observe({ checkpointed: (report) => (checkpointMs[report.mode] ??= []).push(report.seconds * 1000) })
const checkpointSummary = () =>
  Object.entries(checkpointMs)
    .map(([mode, ms]) => `${mode} ${ms.length}× median ${median(ms).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`)
    .join('; ')
await store.commit([{ room: 'warm-up', update: new Uint8Array(1) }])

{
  const beforeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-main-thread-before-'))
  const beforeDb = openDatabase(beforeDir) // autocheckpoint at 1,000 pages, on this thread
  console.log(`steady commits on this thread (before): ${await steadyCommits(createSqliteDocStore(beforeDb), 10_000)}`)
  beforeDb.close()
  fs.rmSync(beforeDir, { recursive: true, force: true })
  console.log(`steady commits on the worker (after):   ${await steadyCommits(store, 10_000)}`)
  console.log(`  its checkpoints: ${checkpointSummary()}\n`)
}

console.log('| messages | snapshot MB | encode ms | load (applyUpdate) ms | copy to worker ms | compaction via worker ms | longest loop delay during it ms | read of the stored row ms |')
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
for (const n of sizes) {
  const doc = chatOf(n)
  const encode: number[] = []
  const load: number[] = []
  const copy: number[] = []
  const compact: number[] = []
  const delays: number[] = []
  const reads: number[] = []
  let snapshot: Uint8Array = new Uint8Array()
  for (let r = 0; r < ROUNDS; r++) {
    encode.push(timed(() => (snapshot = Y.encodeStateAsUpdate(doc))))
    load.push(timed(() => Y.applyUpdate(new Y.Doc(), snapshot)))
    copy.push(timed(() => structuredClone(snapshot)))
    const { seqs } = await store.load(`chat/${n}`)
    const started = performance.now()
    delays.push(await longestDelayDuring(() => store.compact(`chat/${n}`, snapshot, seqs)))
    compact.push(performance.now() - started)
    const reading = performance.now()
    await store.load(`chat/${n}`)
    reads.push(performance.now() - reading)
  }
  const row = [n, snapshot.byteLength / 1e6, median(encode), median(load), median(copy), median(compact), median(delays), median(reads)]
  console.log(`| ${row.map((x, i) => (i === 0 ? x.toLocaleString('en') : x.toFixed(1))).join(' | ')} |`)
}

// The relay's own writes (a sync ticket, a session) while the worker commits a batch every turn:
// such a write waits only while the worker holds the write lock, through SQLite's busy handler,
// which sleeps on the relay's thread.
const insertTicket = db.prepare('INSERT INTO sync_tickets (ticket_hash, session_hash, expires_at) VALUES (?, ?, ?)')
const writeTimes: number[] = []
let committing = true
const writer = (async () => {
  for (let b = 0; committing; b++) await store.commit(Array.from({ length: 50 }, (_, i) => ({ room: `load-${i}`, update: new Uint8Array(300).fill(b) })))
})()
for (let i = 0; i < 2000; i++) {
  writeTimes.push(timed(() => insertTicket.run(`t${i}`, 's', 0)))
  await new Promise((resolve) => setImmediate(resolve))
}
committing = false
await writer
writeTimes.sort((a, b) => a - b)
const at = (q: number) => writeTimes[Math.min(writeTimes.length - 1, Math.floor(q * writeTimes.length))]!.toFixed(2)
console.log(`\nthe relay's own one-row writes beside a worker committing 50 rows a batch: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms (${writeTimes.filter((t) => t > 2).length} of ${writeTimes.length} over 2 ms)`)

const scrypt = await longestDelayDuring(() => hashPassword('correct horse battery', 32768))
console.log(`\nscrypt at N=32768: the longest event-loop delay while it hashed was ${scrypt.toFixed(1)} ms (it runs on libuv's pool)`)
await thread.close()
db.close()
fs.rmSync(dir, { recursive: true, force: true })
