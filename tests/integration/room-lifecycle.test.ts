// Documents load on first use, their update log is compacted into one snapshot in the background,
// and they leave memory when idle; a document read back after all that is the same.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatRoom } from '@parley/protocol'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { startTestRelay, type Login, type TestRelay } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient } from '../support/yclient.ts'

let relay: TestRelay
let alice: Login, bob: Login

beforeAll(async () => {
  relay = await startTestRelay({ compactAfterUpdates: 10, roomIdleMs: 50 })
  ;[alice, bob] = await relay.logins('alice@acme.test', 'bob@acme.test')
})
afterAll(() => relay.close())

const storedUpdates = (room: string) =>
  (relay.server.db.prepare('SELECT count(*) AS n FROM doc_updates WHERE room = ?').get(room) as { n: number }).n

describe('a chat document', () => {
  it('is compacted, unloaded when idle, and reads back the same', async () => {
    const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
    const room = chatRoom(chatId)
    const a = connectClient(relay.syncUrl, room, alice.token, { doc })
    await a.synced()
    for (let i = 0; i < 35; i++) {
      say(doc, alice.user.id, `line ${i}`)
      await new Promise((resolve) => setImmediate(resolve)) // one update per turn, so each is stored alone
    }
    const reader = connectClient(relay.syncUrl, room, bob.token)
    await waitFor(() => texts(reader.doc).length === 35, 'the reader to get everything')
    // 36 updates stored one by one: fewer rows means a compaction ran. Not fewer than
    // compactAfterUpdates: a document waits until its new updates weigh half its snapshot.
    await waitFor(() => storedUpdates(room) < 36, 'the update log to be compacted')

    const loadedBefore = relay.server.relay.rooms.size
    a.destroy()
    reader.destroy()
    await waitFor(() => relay.server.relay.rooms.size < loadedBefore, 'the idle room to be unloaded')

    const again = connectClient(relay.syncUrl, room, bob.token)
    await again.synced()
    expect(texts(again.doc)).toEqual(texts(doc))
    again.destroy()
  })
})
