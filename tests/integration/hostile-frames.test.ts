// A malformed, truncated, textual or oversized frame closes that one connection and is never
// stored; the relay keeps answering HTTP and every other room keeps syncing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode, chatRoom, encodeUpdate } from '@parley/protocol'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { openRawSocket } from '../support/raw-socket.ts'
import { startTestRelay, type Login, type TestRelay } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient, type Client } from '../support/yclient.ts'

const MAX_FRAME = 64 * 1024
let relay: TestRelay
let alice: Login, bob: Login
let chatId: string
let a: Client, b: Client

beforeAll(async () => {
  relay = await startTestRelay({ maxFrameBytes: MAX_FRAME })
  ;[alice, bob] = await relay.logins('alice@acme.test', 'bob@acme.test')
  const created = newChatDoc(alice.user.id, bob.user.id)
  chatId = created.chatId
  a = connectClient(relay.syncUrl, chatRoom(chatId), alice.token, { doc: created.doc })
  b = connectClient(relay.syncUrl, chatRoom(chatId), bob.token)
  await Promise.all([a.synced(), b.synced()])
})
afterAll(async () => {
  a.destroy()
  b.destroy()
  await relay.close()
})

/** A seeded generator, so that a failing case can be replayed. */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

const updateFrame = encodeUpdate

/** A valid update frame carrying one of Alice's messages. */
const validFrame = () => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(a.doc))
  const sv = Y.encodeStateVector(doc)
  say(doc, alice.user.id, 'never stored')
  return updateFrame(Y.encodeStateAsUpdate(doc, sv))
}

const cases: Array<[string, () => Uint8Array | string]> = [
  ['an unknown message type', () => new Uint8Array([99, 1, 2, 3])],
  ['an empty frame', () => new Uint8Array([])],
  ['a truncated update', () => validFrame().slice(0, 12)],
  ['an update length past the end', () => new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0x7f, 1, 2])],
  ['a text frame', () => 'hello'],
  ...[1, 2, 3, 4, 5].map((seed): [string, () => Uint8Array] => [
    `random update bytes (seed ${seed})`,
    () => {
      const next = random(seed)
      return updateFrame(Uint8Array.from({ length: 40 + Math.floor(next() * 200) }, () => Math.floor(next() * 256)))
    },
  ]),
]

describe('a hostile frame', () => {
  it.each(cases)('closes the connection that sent %s, and nothing else', async (_name, make) => {
    const before = texts(b.doc).length
    const raw = openRawSocket(`${relay.syncUrl}/${chatRoom(chatId)}?token=${alice.token}`)
    await raw.opened
    raw.ws.send(make())
    const { code } = await raw.closed
    expect([CloseCode.malformed, CloseCode.forbidden]).toContain(code)

    const health = await fetch(`${relay.url}/api/health`)
    expect(health.status).toBe(200)
    const line = `still syncing after ${_name}`
    say(a.doc, alice.user.id, line)
    await waitFor(() => texts(b.doc).includes(line), 'the chat to keep syncing')
    expect(texts(b.doc).length).toBe(before + 1)
    expect(texts(b.doc)).not.toContain('never stored')
  })

  it('closes a frame over the size limit with 1009', async () => {
    const raw = openRawSocket(`${relay.syncUrl}/${chatRoom(chatId)}?token=${alice.token}`)
    await raw.opened
    raw.ws.send(new Uint8Array(MAX_FRAME + 1))
    expect((await raw.closed).code).toBe(CloseCode.tooLarge)
    const line = 'still syncing after an oversized frame'
    say(a.doc, alice.user.id, line)
    await waitFor(() => texts(b.doc).includes(line), 'the chat to keep syncing')
  })
})
