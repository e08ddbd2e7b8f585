// Issue 9, item 9: content-less structs are bounded. A GC or Skip struct costs a few bytes
// whatever its length, so before, a client could push a document's clock for some client id past
// 2^53 (where integers stop being exact) with one tiny update. Now a clock past 2^31 closes the
// sender with 4400, and a gap (a Skip struct: something the relay does not have) with 4403;
// neither is stored.

import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { CloseCode, chatRoom } from '@parley/protocol'
import { newChatDoc, say } from '../support/chat.ts'
import { openRawSocket } from '../support/raw-socket.ts'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { syncUpdateFrame, useRelayProcess } from './support/hostile.ts'

const fx = useRelayProcess()
let alice: Login, bob: Login
let chatId: string

beforeAll(async () => {
  alice = await fx.login('alice@acme.test')
  bob = await fx.login('bob@acme.test')
  const created = newChatDoc(alice.user.id, bob.user.id)
  chatId = created.chatId
  say(created.doc, alice.user.id, 'hello')
  const a = fx.open(chatRoom(chatId), alice.token, { doc: created.doc })
  await a.synced()
})

const GC_INFO = 0
const SKIP_INFO = 10

/** An update (v1 encoding) with one content-less struct of `length` for `client` from clock 0. */
function contentless(info: number, client: number, length: number): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1) // clients
  encoding.writeVarUint(e, 1) // structs of this client
  encoding.writeVarUint(e, client)
  encoding.writeVarUint(e, 0) // first clock
  encoding.writeUint8(e, info)
  encoding.writeVarUint(e, length)
  encoding.writeVarUint(e, 0) // empty delete set
  return encoding.toUint8Array(e)
}

async function send(update: Uint8Array) {
  const raw = openRawSocket(`${fx.syncUrl}/${chatRoom(chatId)}?token=${bob.token}`)
  await raw.opened
  raw.ws.send(syncUpdateFrame(update))
  return (await raw.closed).code
}

/** The relay's state vector for the chat, as a fresh client learns it. */
async function storedState(): Promise<Map<number, number>> {
  const reader = fx.open(chatRoom(chatId), bob.token)
  await reader.synced()
  const sv = Y.decodeStateVector(Y.encodeStateVector(reader.doc))
  reader.destroy()
  return sv
}

describe('content-less structs', () => {
  it('are what a real Yjs decoder reads from these updates', () => {
    const [gc] = Y.decodeUpdate(contentless(GC_INFO, 777, 2 ** 53 - 1)).structs
    expect(gc).toBeInstanceOf(Y.GC)
    expect(gc!.length).toBe(2 ** 53 - 1)
    expect(Y.decodeUpdate(contentless(SKIP_INFO, 778, 10)).structs[0]).toBeInstanceOf(Y.Skip)
  })

  it('refuses a GC struct that pushes a clock past 2^31, and stores nothing of it', async () => {
    expect(await send(contentless(GC_INFO, 777, 2 ** 53 - 1))).toBe(CloseCode.malformed)
    expect(await send(contentless(GC_INFO, 779, 2 ** 31 + 1))).toBe(CloseCode.malformed)
    const sv = await storedState()
    expect(sv.has(777)).toBe(false)
    expect(sv.has(779)).toBe(false)
    await fx.expectAlive()
  })

  it('refuses a Skip struct (a gap) of any length', async () => {
    expect(await send(contentless(SKIP_INFO, 778, 10))).toBe(CloseCode.forbidden)
    expect(await send(contentless(SKIP_INFO, 780, 2 ** 53 - 1))).toBe(CloseCode.forbidden)
    expect((await storedState()).has(778)).toBe(false)
    await fx.expectAlive()
  })

  it('still accepts a small GC struct, as a client that collected its own deleted items sends', async () => {
    const raw = openRawSocket(`${fx.syncUrl}/${chatRoom(chatId)}?token=${bob.token}`)
    await raw.opened
    raw.ws.send(syncUpdateFrame(contentless(GC_INFO, 781, 3)))
    await waitFor(async () => (await storedState()).get(781) === 3, 'the relay to store the GC struct')
    raw.ws.close()
  })
})
