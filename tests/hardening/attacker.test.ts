// Issue 9: a randomized attacker. In each seeded run Bob, a member of the chat, sends an
// arbitrary mix of valid, stale, future-referencing and forged updates, awareness and garbage on
// raw sockets, interleaved with Alice writing normally through the stock client. At the end every
// message Alice wrote is stored and shown, undeleted and in one order, to Alice, to Bob's honest
// client and to a fresh reader; Alice was never refused; and the relay process is alive.
// A failing seed is printed; replay one with PARLEY_SEED=<n>.

import * as Y from 'yjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { appendMessage, messagesArray, metaMap, readMessages, readsMap } from '@parley/chat-model'
import { chatRoom } from '@parley/protocol'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { openRawSocket, type RawSocket } from '../support/raw-socket.ts'
import type { Login } from '../support/relay.ts'
import { createPrng } from '../../sync-server/src/seed/prng.ts'
import { waitFor } from '../support/wait.ts'
import type { Client } from '../support/yclient.ts'
import { awarenessFrame, copyAs, syncUpdateFrame, updateLeavingOut, useRelayProcess } from './support/hostile.ts'

const RUNS = 150
const STEPS = 30

const fx = useRelayProcess({ PARLEY_CHATS_PER_HOUR: '1000', PARLEY_MESSAGES_PER_SECOND: '10000' })
let alice: Login, bob: Login

beforeAll(async () => {
  alice = await fx.login('alice@acme.test')
  bob = await fx.login('bob@acme.test')
})

type Attack = (ctx: { victim: Y.Doc; view: Y.Doc; random: () => number; bobClient: number }) => Uint8Array

const message = (author: string, text: string) => ({ id: `m${Math.floor(Math.random() * 1e12)}`, author, text, at: Date.now() })
const future = (ctx: Parameters<Attack>[0]) => copyAs(ctx.view, ctx.victim.clientID)
const aliceState = (doc: Y.Doc, victim: Y.Doc) => Y.getState(doc.store, victim.clientID)

/** Each returns one frame Bob sends. `view` is Bob's honest copy of the chat. */
const ATTACKS: Record<string, Attack> = {
  valid: ({ view, bobClient }) => {
    const mine = copyAs(view, bobClient)
    appendMessage(mine, message(bob.user.id, 'a real message from Bob'))
    return syncUpdateFrame(Y.encodeStateAsUpdate(mine, Y.encodeStateVector(view)), 'step2')
  },
  staleWholeDoc: ({ view }) => syncUpdateFrame(Y.encodeStateAsUpdate(view)),
  deleteAlicesFuture: (ctx) => {
    const scratch = future(ctx)
    const n = 1 + Math.floor(ctx.random() * 4)
    for (let i = 0; i < n; i++) appendMessage(scratch, message(alice.user.id, 'future'))
    const array = messagesArray(scratch)
    array.delete(array.length - n, n)
    return syncUpdateFrame(Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(scratch)))
  },
  plantAfterAlicesFuture: (ctx) => {
    const scratch = future(ctx)
    appendMessage(scratch, message(alice.user.id, 'future'))
    const end = aliceState(scratch, ctx.victim)
    scratch.clientID = ctx.bobClient
    appendMessage(scratch, message(bob.user.id, 'planted'))
    return syncUpdateFrame(updateLeavingOut(scratch, ctx.view, new Map([[ctx.victim.clientID, end]])))
  },
  plantBeforeAlicesFuture: (ctx) => {
    const scratch = future(ctx)
    appendMessage(scratch, message(alice.user.id, 'future'))
    const end = aliceState(scratch, ctx.victim)
    scratch.clientID = ctx.bobClient
    messagesArray(scratch).insert(messagesArray(scratch).length - 1, [message(bob.user.id, 'planted before')])
    return syncUpdateFrame(updateLeavingOut(scratch, ctx.view, new Map([[ctx.victim.clientID, end]])))
  },
  writeAsAlice: (ctx) => {
    const scratch = future(ctx)
    appendMessage(scratch, message(alice.user.id, 'forged under her id'))
    return syncUpdateFrame(Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(ctx.view)))
  },
  signAsAlice: ({ view, bobClient }) => {
    const mine = copyAs(view, bobClient)
    appendMessage(mine, message(alice.user.id, 'signed as Alice'))
    return syncUpdateFrame(Y.encodeStateAsUpdate(mine, Y.encodeStateVector(view)))
  },
  deleteAlicesPast: ({ view, bobClient, random }) => {
    const mine = copyAs(view, bobClient)
    const array = messagesArray(mine)
    const hers = array.toArray().flatMap((m, i) => (m.author === alice.user.id ? [i] : []))
    if (hers.length) array.delete(hers[Math.floor(random() * hers.length)]!, 1)
    return syncUpdateFrame(Y.encodeStateAsUpdate(mine, Y.encodeStateVector(view)))
  },
  rewriteMeta: ({ view, bobClient }) => {
    const mine = copyAs(view, bobClient)
    metaMap(mine).set('members', [bob.user.id, bob.user.id])
    return syncUpdateFrame(Y.encodeStateAsUpdate(mine, Y.encodeStateVector(view)))
  },
  readMarkForAlice: ({ view, bobClient }) => {
    const mine = copyAs(view, bobClient)
    readsMap(mine).set(alice.user.id, { upTo: 'x', at: Date.now() })
    return syncUpdateFrame(Y.encodeStateAsUpdate(mine, Y.encodeStateVector(view)))
  },
  awarenessAsAlice: ({ victim }) =>
    awarenessFrame([{ clientId: victim.clientID, clock: 99, json: JSON.stringify({ user: { id: bob.user.id }, typing: true }) }]),
  awarenessFlood: ({ random }) =>
    awarenessFrame(Array.from({ length: 8 }, () => ({ clientId: Math.floor(random() * 1e9), clock: 1, json: JSON.stringify({ user: { id: bob.user.id } }) }))),
  awarenessDeep: () => awarenessFrame([{ clientId: 5, clock: 1, json: `{"user":{"id":"${bob.user.id}"},"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}` }]),
  garbage: ({ random }) => Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256)),
}
const NAMES = Object.keys(ATTACKS)

async function runOnce(seed: number): Promise<void> {
  const random = createPrng(seed).next
  const created = newChatDoc(alice.user.id, bob.user.id)
  say(created.doc, alice.user.id, `s${seed}: hello`)
  const room = chatRoom(created.chatId)
  const a = fx.open(room, alice.token, { doc: created.doc })
  await a.synced()
  const view: Client = fx.open(room, bob.token)
  await waitFor(() => texts(view.doc).length === 1, 'Bob’s view to sync')

  const bobClient = 0x7000_0000 + seed // one client id per run that only Bob's raw sockets use
  let socket: RawSocket | null = null
  const written = [`s${seed}: hello`]
  const used: string[] = []
  try {
    for (let step = 0; step < STEPS; step++) {
      if (random() < 0.35) {
        const text = `s${seed}: alice ${step}`
        written.push(text)
        say(a.doc, alice.user.id, text)
      } else {
        if (!socket || socket.ws.readyState > 1) {
          socket = openRawSocket(`${fx.syncUrl}/${room}?token=${bob.token}`)
          await socket.opened
        }
        const name = NAMES[Math.floor(random() * NAMES.length)]!
        used.push(name)
        socket.ws.send(ATTACKS[name]!({ victim: a.doc, view: view.doc, random, bobClient }))
      }
      const pause = random()
      if (pause < 0.3) await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 8)))
      else if (pause < 0.6) await new Promise((resolve) => setImmediate(resolve))
    }
    const hers = (doc: Y.Doc) => readMessages(doc).filter((m) => m.author === alice.user.id).map((m) => m.text)
    await waitFor(() => hers(view.doc).length === written.length, `Bob’s view to have all ${written.length} of Alice’s messages`)
    const reader = fx.open(room, bob.token)
    await reader.synced()
    for (const doc of [a.doc, view.doc, reader.doc]) expect(hers(doc)).toEqual(written)
    expect(readMessages(reader.doc).map((m) => m.id)).toEqual(readMessages(a.doc).map((m) => m.id))
    expect(a.closes, `Alice was closed after: ${used.join(', ')}`).toEqual([])
    reader.destroy()
    await fx.expectAlive()
  } finally {
    socket?.ws.close()
    a.destroy()
    view.destroy()
  }
}

describe('a randomized attacker in the chat', () => {
  const only = process.env.PARLEY_SEED
  const seeds = only ? [Number(only)] : Array.from({ length: RUNS }, (_, i) => i + 1)

  it(`never costs the honest member a message, in ${seeds.length} seeded runs`, { timeout: 300_000 }, async () => {
    for (const seed of seeds) {
      try {
        await runOnce(seed)
      } catch (error) {
        throw new Error(`seed ${seed} failed (replay: PARLEY_SEED=${seed} npx vitest run --config tests/vitest.config.ts tests/hardening/attacker.test.ts): ${String(error)}`)
      }
    }
  })
})
