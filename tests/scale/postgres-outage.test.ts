// PostgreSQL stopped under steady traffic on two relays: durable before visible holds across
// processes. While it is down no write made after it stopped is acknowledged or shown to anyone,
// and /api/ready says each relay is not ready; when it returns the relays recover by themselves,
// every write (the ones held back included) is stored and acknowledged, and writes go on.

import { beforeAll, describe, expect, it } from 'vitest'
import { chatRoom } from '@parley/protocol'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { createChat, sees } from './support/chats.ts'
import type { ClusterRelay } from './support/cluster.ts'
import { allConverged, messageIds, startTraffic, type Writer } from './support/traffic.ts'
import { useCluster, type AckingClient } from './support/use-cluster.ts'

// The relay refuses sockets for this long after a failed commit before it tries storage again.
const fx = useCluster({ relays: 2, env: { PARLEY_MESSAGES_PER_SECOND: '10000', PARLEY_STORAGE_RETRY_MS: '1000' } })
const A = () => fx.relay('A')
const B = () => fx.relay('B')
let alice: Login, bob: Login

beforeAll(async () => {
  ;[alice, bob] = await Promise.all([fx.cluster.login('alice@acme.test', A()), fx.cluster.login('bob@acme.test', B())])
})

const readiness = async (relay: ClusterRelay) => (await fetch(`${relay.url}/api/ready`)).status

describe('PostgreSQL stopped during traffic', () => {
  it('acknowledges and shows nothing it has not committed, says it is not ready, and resumes when the database returns', { timeout: 90_000 }, async () => {
    const { chatId, client: a } = await createChat(fx, A(), alice, bob, 'hello')
    const room = chatRoom(chatId)
    const b = fx.openAcking(B(), room, bob.token)
    // Watchers: Bob's second device on A and Alice's on B, which see what each relay broadcasts.
    const bobOnA = fx.openAcking(A(), room, bob.token)
    const aliceOnB = fx.openAcking(B(), room, alice.token)
    await Promise.all([b.synced(), bobOnA.synced(), aliceOnB.synced()])
    const clients: AckingClient[] = [a, b, bobOnA, aliceOnB]
    const writers: Writer[] = [
      { who: alice, client: a },
      { who: bob, client: b },
    ]
    const watcherOf = new Map([
      [a, bobOnA],
      [b, aliceOnB],
    ])
    for (const writer of writers) writer.client.provider.awareness.setLocalState({ user: { id: writer.who.user.id }, typing: false })

    const traffic = startTraffic(writers, 'pg')
    let down = false
    let stoppedAt = Infinity
    const violations = new Set<string>()
    const afterStop = () => traffic.written.filter((w) => w.at > stoppedAt)
    const watch = setInterval(() => {
      if (!down) return
      const held = new Map(clients.map((client) => [client, new Set(messageIds(client.doc))]))
      for (const w of afterStop()) {
        const writer = w.writer.client
        if ((writer.acked().get(writer.doc.clientID) ?? 0) > w.clock) violations.add(`${w.id} acknowledged while PostgreSQL was down`)
        for (const client of clients) {
          if (client !== writer && held.get(client)!.has(w.id)) violations.add(`${w.id} shown to another client while PostgreSQL was down`)
        }
      }
    }, 10)
    try {
      await waitFor(() => messageIds(aliceOnB.doc).some((id) => id.startsWith('pg')), 'traffic to flow between the relays')
      const closesBefore = new Map(writers.map((w) => [w.client, w.client.closes.length]))
      down = true
      await fx.cluster.postgres.stop()
      stoppedAt = Date.now()

      for (const relay of fx.cluster.relays) {
        await waitFor(async () => (await readiness(relay)) === 503, `relay ${relay.name} to say it is not ready`, 15_000)
      }
      // Each writer flags "typing" after its newest writes, on the same socket: once its
      // watcher on the same relay sees the flag (or the relay has closed the writer), the relay
      // has handled writes made while PostgreSQL was down.
      for (const writer of writers) writer.client.provider.awareness.setLocalStateField('typing', true)
      await waitFor(
        () =>
          writers.every(
            (w) => sees(watcherOf.get(w.client)!, w.who.user.id, (s) => s.typing === true) || w.client.closes.length > closesBefore.get(w.client)!,
          ),
        'each relay to handle writes made while PostgreSQL is down',
      )
      expect(afterStop().length).toBeGreaterThan(0)
      expect([...violations]).toEqual([])

      down = false
      await fx.cluster.postgres.start()
      const returnedAt = Date.now()
      for (const relay of fx.cluster.relays) {
        await waitFor(async () => (await readiness(relay)) === 200, `relay ${relay.name} to be ready again`, 20_000)
      }
      await waitFor(
        () => writers.every((writer) => traffic.acked().some((w) => w.writer === writer && w.at > returnedAt)),
        'writes made after PostgreSQL returned to be acknowledged on both relays',
        30_000,
      )
      traffic.stop()
      await waitFor(() => allConverged(clients, traffic.written), 'every client to hold every message, acknowledged', 30_000)
    } finally {
      clearInterval(watch)
      traffic.stop()
    }
    expect([...violations]).toEqual([])
    const final = messageIds(a.doc)
    for (const relay of fx.cluster.relays) {
      expect(messageIds(await fx.freshDoc(relay, room, bob.token)), `a fresh client on relay ${relay.name}`).toEqual(final)
    }
  })
})
