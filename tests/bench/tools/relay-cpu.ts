// How much CPU the relay spends per chat message, from the frame's arrival to its broadcast,
// without sockets or the kernel's network work: a real relay in this process (SQLite in a temp
// folder), its connections opened through the relay core's ClientSocket seam by plain objects,
// and every message written beforehand by two real Y.Docs per chat, so that the measured span is
// the relay's own work (the process's CPU time, user and system, which a busy machine disturbs
// far less than wall time). Messages arrive a few per event-loop turn, spread over the chats, as
// W2 and W3 bring them. Prints µs per message; asserts nothing. Profile it with node --cpu-prof
// (the largest profile is the main thread's; tsx's loader thread writes another).
// With a rate (messages per second), messages arrive paced at that rate instead of a few every
// turn, as a relay that keeps up sees them; the time from a frame's arrival to its broadcast to the
// other member (p50 / p99) is printed too, which group commit (PARLEY_COMMIT_WAIT_MS) trades
// against CPU.
// ALLOC=1 also prints the bytes the span allocated per message, by allocating function (garbage
// included: allocation-sampler.ts), the pressure behind the relay's scavenges.
// Run: [ALLOC=1] [PARLEY_SQLITE_STORAGE_WORKER=0] [PARLEY_COMMIT_WAIT_MS=n] node --import tsx tests/bench/tools/relay-cpu.ts [chats=500] [messagesPerChat=40] [perTurn=4] [rate=0]

import { randomUUID } from 'node:crypto'
import * as Y from 'yjs'
import { appendMessage, initChat } from '@parley/chat-model'
import { encodeUpdate } from '@parley/protocol'
import type { ClientSocket, SocketListener } from '../../../sync-server/src/relay/client-socket.ts'
import { startTestRelay } from '../../support/relay.ts'
import { startAllocationSampling } from './allocation-sampler.ts'

const [chats = 500, perChat = 40, perTurn = 4, rate = 0] = process.argv.slice(2).map(Number)
/** Milliseconds from each frame's arrival to its broadcast to the other member. */
const latencies: number[] = []

/** A connection's socket as the relay core sees it; counts what the relay sends. */
class PlainSocket implements ClientSocket {
  open = true
  bufferedAmount = 0
  received = 0
  /** When each frame this socket is to receive (the other member's) arrived at the relay. */
  readonly arrivals: number[] = []
  private listener: SocketListener | null = null
  send() {
    this.received++
    const arrived = this.arrivals.shift()
    if (arrived !== undefined) latencies.push(performance.now() - arrived)
  }
  close() {
    this.open = false
  }
  pause() {}
  resume() {}
  listen(listener: SocketListener) {
    this.listener = listener
  }
  deliver(frame: Uint8Array) {
    this.listener!.frame(frame, true)
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve))
const until = async (what: string, ok: () => boolean) => {
  // Bounded by time, not turns: with the storage worker a commit's answer takes a thread hop.
  const deadline = performance.now() + 30_000
  while (!ok() && performance.now() < deadline) await turn()
  if (!ok()) throw new Error(`timed out waiting for ${what}`)
}

// PARLEY_SQLITE_STORAGE_WORKER=0 measures the relay committing on its own thread.
const sqliteStorageWorker = process.env['PARLEY_SQLITE_STORAGE_WORKER'] !== '0'
const wait = process.env['PARLEY_COMMIT_WAIT_MS']
const relay = await startTestRelay({
  messagesPerSecond: 1_000_000,
  userBytesPerMinute: 1 << 30,
  chatsPerHour: 1_000_000,
  sqliteStorageWorker,
  ...(wait === undefined ? {} : { commitWaitMs: Number(wait) }),
})
const [alice, bob] = await relay.logins('alice@acme.test', 'bob@acme.test')

interface Chat {
  sockets: [PlainSocket, PlainSocket]
  /** Frames to send: [author index, frame]; the first creates the chat. */
  frames: Array<[0 | 1, Uint8Array]>
}

/** Two writers that see each other's messages at once, as a conversation does. */
function writeChat(id: string): Array<[0 | 1, Uint8Array]> {
  const docs = [new Y.Doc(), new Y.Doc()] as const
  const users = [alice.user.id, bob.user.id]
  const frames: Array<[0 | 1, Uint8Array]> = []
  const say = (who: 0 | 1, fn: (doc: Y.Doc) => void) => {
    const before = Y.encodeStateVector(docs[who])
    fn(docs[who])
    const update = Y.encodeStateAsUpdate(docs[who], before)
    Y.applyUpdate(docs[who === 0 ? 1 : 0], update)
    frames.push([who, encodeUpdate(update)])
  }
  const at = Date.now()
  say(0, (doc) => initChat(doc, { id, members: users, createdBy: users[0]!, createdAt: at }))
  for (let i = 0; i < perChat; i++) {
    const who = (i % 2) as 0 | 1
    say(who, (doc) => appendMessage(doc, { id: `${id}-${i}`, author: users[who]!, text: `message ${i} with a few words in it`, at }))
  }
  return frames
}

const all: Chat[] = []
for (let c = 0; c < chats; c++) {
  const id = randomUUID()
  const sockets: [PlainSocket, PlainSocket] = [new PlainSocket(), new PlainSocket()]
  const room = `chat/${id}`
  await relay.server.relay.accept(sockets[0], { room, ack: false, token: alice.token })
  await relay.server.relay.accept(sockets[1], { room, ack: false, token: bob.token })
  all.push({ sockets, frames: writeChat(id) })
}
await until('the joins', () => all.every((chat) => chat.sockets.every((s) => s.received > 0)))
// Every chat is created before the measurement: creation asks the directory, a path of its own.
for (const chat of all) chat.sockets[0].deliver(chat.frames[0]![1])
await until('the creations', () => all.every((chat) => chat.sockets[1].received >= 2))

const order: Array<[PlainSocket, Uint8Array, PlainSocket]> = []
for (let i = 1; i <= perChat; i++) {
  for (const chat of all) {
    const [who, frame] = chat.frames[i]!
    order.push([chat.sockets[who], frame, chat.sockets[who === 0 ? 1 : 0]])
  }
}
const expected = all.map((chat) => chat.sockets.map((s) => s.received))
const stopSampling = process.env['ALLOC'] === '1' ? await startAllocationSampling() : null
const cpu = process.cpuUsage()
const started = performance.now()
const deliver = (i: number) => {
  const [from, frame, to] = order[i]!
  to.arrivals.push(performance.now())
  from.deliver(frame)
}
if (rate > 0) {
  // Paced: every message due by now (at most perTurn a turn), then a timer to the next one.
  for (let i = 0; i < order.length; ) {
    const due = started + (i / rate) * 1000
    const now = performance.now()
    if (now < due) {
      await new Promise((resolve) => setTimeout(resolve, due - now))
      continue
    }
    for (let n = 0; n < perTurn && i < order.length && started + (i / rate) * 1000 <= performance.now(); n++) deliver(i++)
    await turn()
  }
} else {
  for (let i = 0; i < order.length; i += perTurn) {
    for (let j = i; j < Math.min(i + perTurn, order.length); j++) deliver(j)
    await turn()
  }
}
await until('the broadcasts', () => all.every((chat, c) => chat.sockets[0].received + chat.sockets[1].received >= expected[c]![0]! + expected[c]![1]! + perChat))
const used = process.cpuUsage(cpu)
const ms = performance.now() - started
const messages = order.length
if (stopSampling) {
  const sites = await stopSampling()
  const total = sites.reduce((sum, s) => sum + s.bytes, 0)
  console.log(`allocated about ${Math.round(total / messages)} bytes per message; the top sites, bytes per message:`)
  for (const { site, bytes } of sites.slice(0, 25)) console.log(`${String(Math.round(bytes / messages)).padStart(8)}  ${site}`)
}
latencies.sort((a, b) => a - b)
const quantile = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN
console.log(
  `${rate > 0 ? `paced at ${rate} messages/s` : 'unpaced'}, commit wait ${wait ?? 'default'} ms: ` +
    `arrival to broadcast p50 ${quantile(0.5).toFixed(2)} ms, p99 ${quantile(0.99).toFixed(2)} ms, max ${quantile(1).toFixed(2)} ms`,
)
console.log(
  `${messages} messages in ${chats} chats (${perTurn} a turn): ${((used.user + used.system) / messages).toFixed(1)} µs of CPU per message ` +
    `(user ${(used.user / messages).toFixed(1)}, system ${(used.system / messages).toFixed(1)}), ${Math.round((messages / ms) * 1000)} messages/s; ` +
    `measured from ${(started / 1000).toFixed(1)} to ${((started + ms) / 1000).toFixed(1)} s after the process started (profile-top --window)`,
)
await relay.close()
