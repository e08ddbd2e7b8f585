// Convergence across three relay processes, as a property: 3 to 5 replicas of one chat (Alice's
// and Bob's devices) behind a round-robin balancer write at random, go offline and come back, one
// may leave for good, and relays are SIGKILLed and restarted at random under them. At the end
// every replica holds the same messages, each once: everything the remaining replicas wrote, and
// everything the relays acknowledged to the replica that left. A fresh client on each relay reads
// the same from the database. Runs are seeded and reuse one cluster; a failure names its seed.
// Replay one with PARLEY_SEED=<n>.

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendMessage, initChat, newChatId, readMessages } from '@parley/chat-model'
import { chatRoom } from '@parley/protocol'
import { createPrng } from '../../sync-server/src/seed/prng.ts'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { allAcked } from './support/chats.ts'
import type { ClusterRelay } from './support/cluster.ts'
import { useCluster, type AckingClient } from './support/use-cluster.ts'

const RUNS = 100
const STEPS = 24
/** Chance that a run SIGKILLs one relay (restarted at once, in the background). */
const KILL_CHANCE = 0.2

const fx = useCluster({
  relays: 3,
  // Alice creates one chat per run; rooms leave memory soon after their last client, so that
  // relays keep loading chats back from the database.
  env: { PARLEY_MESSAGES_PER_SECOND: '10000', PARLEY_CHATS_PER_HOUR: '10000', PARLEY_ROOM_IDLE_MS: '50' },
})
let alice: Login, bob: Login

beforeAll(async () => {
  ;[alice, bob] = await Promise.all([fx.cluster.login('alice@acme.test'), fx.cluster.login('bob@acme.test')])
})

interface Replica {
  who: Login
  client: AckingClient
  online: boolean
  /** Messages this replica wrote: id and the clock of the write in its document. */
  wrote: Array<{ id: string; clock: number }>
}

const ids = (doc: Y.Doc) => readMessages(doc).map((m) => m.id)

/** Where each replica stands, for a failure message. */
function describeReplicas(replicas: readonly Replica[], expected: ReadonlySet<string>): string {
  return replicas
    .map((r, i) => {
      const held = ids(r.client.doc)
      const doc = r.client.doc
      const missing = [...expected].filter((id) => !held.includes(id))
      return `replica ${i} (${r.who.user.name}, ${r.client.provider.wsconnected ? 'connected' : 'not connected'}, closes ${r.client.closes.map((code, k) => `${code} ${r.client.closeReasons[k]}`).join('/') || 'none'}): ${held.length} messages, missing [${missing.join(' ')}], acked ${r.client.acked().get(doc.clientID) ?? 0} of ${Y.getState(doc.store, doc.clientID)}`
    })
    .join('; ')
}

async function runOnce(seed: number): Promise<void> {
  const random = createPrng(seed).next
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const chatId = newChatId()
  const room = chatRoom(chatId)

  // The creator's first device makes the chat on some relay; every replica starts from that state.
  const origin = new Y.Doc()
  initChat(origin, { id: chatId, members: [alice.user.id, bob.user.id], createdBy: alice.user.id, createdAt: 1 })
  const creator = fx.openBalanced(room, alice.token, { doc: origin })
  await waitFor(() => allAcked(creator), 'the new chat to be acknowledged')
  creator.destroy()

  const count = 3 + Math.floor(random() * 3)
  const replicas: Replica[] = []
  for (let i = 0; i < count; i++) {
    const who = i === 0 ? alice : i === 1 ? bob : pick([alice, bob])
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin))
    const online = random() < 0.7
    replicas.push({ who, online, wrote: [], client: fx.openBalanced(room, who.token, { doc, connect: online }) })
  }

  const killAt = random() < KILL_CHANCE ? Math.floor(random() * STEPS) : -1
  let restarting: Promise<void> | null = null
  let killed: ClusterRelay | null = null
  const mustSurvive = new Set<string>()
  let retired: Replica | null = null
  let written = 0
  try {
    for (let step = 0; step < STEPS; step++) {
      if (step === killAt) {
        killed = pick(fx.cluster.relays)
        await killed.kill()
        restarting = killed.start()
      }
      const live = replicas.filter((r) => r !== retired)
      const replica = pick(live)
      const roll = random()
      if (roll < 0.6) {
        const id = `s${seed}-${written++}`
        const doc = replica.client.doc
        replica.wrote.push({ id, clock: Y.getState(doc.store, doc.clientID) })
        appendMessage(doc, { id, author: replica.who.user.id, text: id, at: step })
      } else if (roll < 0.75 && replica.online) {
        replica.client.provider.disconnect()
        replica.online = false
      } else if (roll < 0.78 && retired === null && live.length > 2) {
        // This device leaves for good: what the relays acknowledged to it must not be lost.
        const acked = replica.client.acked().get(replica.client.doc.clientID) ?? 0
        for (const message of replica.wrote) if (message.clock < acked) mustSurvive.add(message.id)
        replica.client.destroy()
        retired = replica
      } else if (!replica.online) {
        replica.client.provider.connect()
        replica.online = true
      }
      if (random() < 0.3) await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 5)))
    }
    // Everyone left comes back, in random order.
    const remaining = replicas.filter((r) => r !== retired)
    for (const replica of [...remaining].sort(() => random() - 0.5)) {
      if (!replica.online) replica.client.provider.connect()
      replica.online = true
      if (random() < 0.5) await new Promise((resolve) => setImmediate(resolve))
    }
    await restarting

    const expected = new Set([...remaining.flatMap((r) => r.wrote.map((m) => m.id)), ...mustSurvive])
    const first = () => ids(remaining[0]!.client.doc)
    await waitFor(
      () =>
        remaining.every((r) => ids(r.client.doc).join() === first().join()) &&
        [...expected].every((id) => first().includes(id)) &&
        remaining.every((r) => allAcked(r.client)),
      `the ${remaining.length} remaining replicas to converge, holding the ${expected.size} messages they must${killed ? ` (relay ${killed.name} was killed)` : ''}`,
      20_000,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; ${describeReplicas(remaining, expected)}`)
    })
    // What a relay stored and never published (it was killed in between) reaches the other relays
    // from the database within PARLEY_CATCH_UP_MS, and their clients with it: the replicas and a
    // fresh client on every relay end up with the same messages.
    let final: string[] = []
    const fresh = new Map<string, string[]>()
    await waitFor(
      async () => {
        final = first()
        if (!remaining.every((r) => ids(r.client.doc).join() === final.join())) return false
        for (const relay of fx.cluster.relays) fresh.set(relay.name, ids(await fx.freshDoc(relay, room, bob.token)))
        return [...fresh.values()].every((stored) => stored.join() === final.join())
      },
      'the replicas and a fresh client on every relay to agree',
      10_000,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; replicas: ${describeReplicas(remaining, expected)}; fresh: ${JSON.stringify([...fresh])}`)
    })
    expect(new Set(final).size, 'each message once').toBe(final.length)
    const all = new Set(replicas.flatMap((r) => r.wrote.map((m) => m.id)))
    expect(final.filter((id) => !all.has(id)), 'no message nobody wrote').toEqual([])
    for (const replica of remaining) replica.client.destroy()
  } finally {
    for (const replica of replicas) replica.client.destroy()
    await restarting?.catch(() => {})
  }
}

describe('convergence across three relays', () => {
  const only = process.env.PARLEY_SEED
  const seeds = only ? [Number(only)] : Array.from({ length: RUNS }, (_, i) => i + 1)

  it(`converges in ${seeds.length} seeded runs, with relays killed and restarted`, { timeout: 300_000 }, async () => {
    // A few failures tell more than one (the same cause, or several?); more would only take long.
    const failures: string[] = []
    for (const seed of seeds) {
      if (failures.length === 3) break
      await runOnce(seed).catch((error: unknown) => failures.push(`seed ${seed}: ${error instanceof Error ? error.message : String(error)}`))
    }
    if (failures.length > 0) {
      throw new Error(
        `${failures.length} seeded run(s) failed (replay one: PARLEY_SEED=<n> npx vitest run --config tests/vitest.config.ts tests/scale/convergence.test.ts):\n${failures.join('\n')}`,
      )
    }
  })
})
