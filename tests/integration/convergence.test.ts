// Convergence, as a property: 3 to 5 replicas of one chat (Alice's and Bob's devices) write at
// random, go offline and come back at random and in random order, through a real relay. Every run
// must end with the same message list on every replica, holding each written message exactly once.
// Runs are seeded; a failure names its seed. Replay one with PARLEY_SEED=<n>.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendMessage, initChat, newChatId, readMessages } from '@parley/chat-model'
import { chatRoom } from '@parley/protocol'
import { startTestRelay, type Login, type TestRelay } from '../support/relay.ts'
import { createPrng } from '../../sync-server/src/seed/prng.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient, type Client } from '../support/yclient.ts'

const RUNS = 200
const STEPS = 40

let relay: TestRelay
let alice: Login, bob: Login

beforeAll(async () => {
  // Alice creates one chat per run: more than the default budget of new chats per hour.
  relay = await startTestRelay({ messagesPerSecond: 10_000, chatsPerHour: 10_000 })
  ;[alice, bob] = await relay.logins('alice@acme.test', 'bob@acme.test')
})
afterAll(() => relay.close())

interface Replica {
  who: Login
  client: Client
  online: boolean
}

async function runOnce(seed: number): Promise<void> {
  const random = createPrng(seed).next
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const chatId = newChatId()

  // The creator's first device makes the chat; every replica starts from that state.
  const origin = new Y.Doc()
  initChat(origin, { id: chatId, members: [alice.user.id, bob.user.id], createdBy: alice.user.id, createdAt: 1 })
  const creator = connectClient(relay.syncUrl, chatRoom(chatId), alice.token, { doc: origin })
  await creator.synced()
  await waitFor(() => relay.server.chats.get(chatId), 'the chat to be registered')
  creator.destroy()

  const count = 3 + Math.floor(random() * 3)
  const replicas: Replica[] = []
  for (let i = 0; i < count; i++) {
    const who = i === 0 ? alice : i === 1 ? bob : pick([alice, bob])
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin))
    const online = random() < 0.7
    replicas.push({ who, online, client: connectClient(relay.syncUrl, chatRoom(chatId), who.token, { doc, connect: online }) })
  }

  const written: string[] = []
  try {
    for (let step = 0; step < STEPS; step++) {
      const replica = pick(replicas)
      const roll = random()
      if (roll < 0.6) {
        const id = `s${seed}-${written.length}`
        written.push(id)
        appendMessage(replica.client.doc, { id, author: replica.who.user.id, text: id, at: step })
      } else if (roll < 0.8 && replica.online) {
        replica.client.provider.disconnect()
        replica.online = false
      } else if (!replica.online) {
        replica.client.provider.connect()
        replica.online = true
      }
      if (random() < 0.3) await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 5)))
    }
    // Everyone comes back, in random order.
    for (const replica of [...replicas].sort(() => random() - 0.5)) {
      if (!replica.online) replica.client.provider.connect()
      replica.online = true
      if (random() < 0.5) await new Promise((resolve) => setImmediate(resolve))
    }
    const ids = (r: Replica) => readMessages(r.client.doc).map((m) => m.id)
    await waitFor(
      () => replicas.every((r) => ids(r).length === written.length && ids(r).join() === ids(replicas[0]!).join()),
      `all ${count} replicas to converge on ${written.length} messages`,
      15_000,
    )
    const first = ids(replicas[0]!)
    expect(new Set(first).size).toBe(first.length)
    expect([...first].sort()).toEqual([...written].sort())
  } finally {
    for (const replica of replicas) replica.client.destroy()
  }
}

describe('convergence through the relay', () => {
  const only = process.env.PARLEY_SEED
  const seeds = only ? [Number(only)] : Array.from({ length: RUNS }, (_, i) => i + 1)

  it(`converges in ${seeds.length} seeded runs`, { timeout: 300_000 }, async () => {
    for (const seed of seeds) {
      try {
        await runOnce(seed)
      } catch (error) {
        throw new Error(`seed ${seed} failed (replay: PARLEY_SEED=${seed} npx vitest run --config tests/vitest.config.ts tests/integration/convergence.test.ts): ${String(error)}`)
      }
    }
  })
})
