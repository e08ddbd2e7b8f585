// Redis is what passes between relays, never what keeps a message: Redis restarted under steady
// traffic, and relay A cut off from Redis for 10 s (through its TCP proxy) while B keeps it. In
// both, writes go on being committed and acknowledged, nothing acknowledged is lost, and every
// client (Alice on A, Bob and his second device on B) holds the same messages within 5 s of the
// link returning. A fresh client on each relay then reads all of it.

import { beforeAll, describe, expect, it } from 'vitest'
import { chatRoom } from '@parley/protocol'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { createChat } from './support/chats.ts'
import { allConverged, messageIds, startTraffic, type Traffic, type Writer } from './support/traffic.ts'
import { useCluster, type AckingClient } from './support/use-cluster.ts'

const CONVERGE_MS = 5000
const CUT_MS = 10_000

const fx = useCluster({ relays: 2, env: { PARLEY_MESSAGES_PER_SECOND: '10000' } })
const A = () => fx.relay('A')
const B = () => fx.relay('B')
let alice: Login, bob: Login

beforeAll(async () => {
  ;[alice, bob] = await Promise.all([fx.cluster.login('alice@acme.test', A()), fx.cluster.login('bob@acme.test', B())])
})

/** A chat with Alice writing on A, Bob writing on B and Bob's second device reading on B, all in sync. */
async function threeClients() {
  const { chatId, client: a } = await createChat(fx, A(), alice, bob, 'hello')
  const b = fx.openAcking(B(), chatRoom(chatId), bob.token)
  const b2 = fx.openAcking(B(), chatRoom(chatId), bob.token)
  await Promise.all([b.synced(), b2.synced()])
  const writers: Writer[] = [
    { who: alice, client: a },
    { who: bob, client: b },
  ]
  return { chatId, clients: [a, b, b2], writers }
}

/** Waits until traffic written after `since` by every writer has been acknowledged. */
const ackedSince = (traffic: Traffic, since: number, writers: readonly Writer[], what: string) =>
  waitFor(() => writers.every((writer) => traffic.acked().some((w) => w.writer === writer && w.at > since)), what, 10_000)

async function expectStoredEverywhere(chatId: string, expected: string[]) {
  for (const relay of fx.cluster.relays) {
    expect(messageIds(await fx.freshDoc(relay, chatRoom(chatId), bob.token)), `a fresh client on relay ${relay.name}`).toEqual(expected)
  }
}

async function convergeAfter(returnedAt: number, clients: AckingClient[], traffic: Traffic) {
  await waitFor(() => allConverged(clients, traffic.written), 'every client to hold every message, acknowledged', CONVERGE_MS * 3)
  const took = Date.now() - returnedAt
  expect(took, `converged ${took} ms after the link returned`).toBeLessThanOrEqual(CONVERGE_MS)
}

describe('Redis outages', () => {
  it('loses nothing when Redis restarts during traffic, and every client converges within 5 s', { timeout: 60_000 }, async () => {
    const { chatId, clients, writers } = await threeClients()
    const traffic = startTraffic(writers, 'restart')
    try {
      await waitFor(() => messageIds(clients[2]!.doc).some((id) => id.startsWith('restart')), 'traffic to flow between the relays')
      await fx.cluster.redis.stop()
      const stoppedAt = Date.now()
      await ackedSince(traffic, stoppedAt, writers, 'writes to be acknowledged on both relays while Redis is down')
      const acked = traffic.acked().map((w) => w.id)
      await fx.cluster.redis.start()
      const returnedAt = Date.now()
      traffic.stop()
      await convergeAfter(returnedAt, clients, traffic)
      expect(messageIds(clients[0]!.doc)).toEqual(expect.arrayContaining(acked))
    } finally {
      traffic.stop()
    }
    await expectStoredEverywhere(chatId, messageIds(clients[0]!.doc))
  })

  it('loses nothing while relay A is cut off from Redis for 10 s, and every client converges within 5 s of the link returning', { timeout: 60_000 }, async () => {
    const { chatId, clients, writers } = await threeClients()
    const traffic = startTraffic(writers, 'cut')
    try {
      await waitFor(() => messageIds(clients[2]!.doc).some((id) => id.startsWith('cut')), 'traffic to flow between the relays')
      A().redisLink.cut()
      const cutAt = Date.now()
      await ackedSince(traffic, cutAt, writers, 'writes to be acknowledged on both relays while A is cut off')
      // The outage is the point of the test: it lasts 10 s of steady traffic.
      await waitFor(() => Date.now() - cutAt >= CUT_MS, 'the 10 s cut to pass', CUT_MS + 5000)
      const acked = traffic.acked().map((w) => w.id)
      A().redisLink.restore()
      const returnedAt = Date.now()
      traffic.stop()
      await convergeAfter(returnedAt, clients, traffic)
      expect(messageIds(clients[0]!.doc)).toEqual(expect.arrayContaining(acked))
    } finally {
      A().redisLink.restore()
      traffic.stop()
    }
    await expectStoredEverywhere(chatId, messageIds(clients[0]!.doc))
  })
})
