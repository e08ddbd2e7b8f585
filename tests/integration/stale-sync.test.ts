// A client's sync step 2 answers the relay's state vector as it was when the relay sent step 1.
// Messages of other people that reached the client in between are then repeated in it: old news
// to the relay, which must drop them instead of counting them as the client's writes (they carry
// another person's client id) and must keep the client's own new writes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { chatRoom, encodeSyncStep2 } from '@parley/protocol'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { openRawSocket } from '../support/raw-socket.ts'
import { startTestRelay, type Login, type TestRelay } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient, type Client } from '../support/yclient.ts'

let relay: TestRelay
let alice: Login, bob: Login
let a: Client

beforeAll(async () => {
  relay = await startTestRelay()
  ;[alice, bob] = await relay.logins('alice@acme.test', 'bob@acme.test')
})
afterAll(async () => {
  a?.destroy()
  await relay.close()
})

const syncStep2 = encodeSyncStep2

describe('a sync step 2 that repeats what the relay already has', () => {
  it('is accepted for the sender’s own new items, and the repeated ones are dropped', async () => {
    const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
    say(doc, alice.user.id, 'Bob, the Henderson offer went out.')
    a = connectClient(relay.syncUrl, chatRoom(chatId), alice.token, { doc })
    await a.synced()
    await waitFor(() => relay.server.chats.get(chatId), 'the chat to be registered')

    // Bob's client has everything Alice wrote, and writes a reply of its own.
    const bobDoc = new Y.Doc()
    Y.applyUpdate(bobDoc, Y.encodeStateAsUpdate(doc))
    say(bobDoc, bob.user.id, 'Great, thanks!')

    const raw = openRawSocket(`${relay.syncUrl}/${chatRoom(chatId)}?token=${bob.token}`)
    await raw.opened
    // What a client computes against an empty (stale) state vector: Alice's items and Bob's.
    raw.ws.send(syncStep2(Y.encodeStateAsUpdate(bobDoc)))

    await waitFor(() => texts(doc).includes('Great, thanks!'), 'Bob’s reply to reach Alice')
    expect(texts(doc)).toEqual(['Bob, the Henderson offer went out.', 'Great, thanks!'])
    expect(raw.ws.readyState).toBe(raw.ws.OPEN)
    raw.ws.close()
  })
})
