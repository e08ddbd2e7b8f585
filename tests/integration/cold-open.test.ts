// A client that holds none of a document (a new device opening a chat) gets all of it, whether
// the relay loaded the chat from one compacted row or from a snapshot and the updates after it,
// and whatever changed after the relay last answered such a client.

import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatRoom } from '@parley/protocol'
import { markRead, messagesArray, metaMap, readsMap } from '@parley/chat-model'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { startTestRelay, type Login, type TestRelay } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient, type Client } from '../support/yclient.ts'

let relay: TestRelay
let alice: Login, bob: Login
const clients: Client[] = []

beforeAll(async () => {
  // No compaction but the one a restart does, and no idle unloading, unless a test asks for it.
  relay = await startTestRelay({ compactAfterUpdates: 100_000, roomIdleMs: 600_000 })
  ;[alice, bob] = await relay.logins('alice@acme.test', 'bob@acme.test')
})
afterAll(async () => {
  for (const client of clients) client.destroy()
  await relay.close()
})

const open = (room: string, token: string, doc?: Y.Doc) => {
  const client = connectClient(relay.syncUrl, room, token, doc ? { doc } : {})
  clients.push(client)
  return client
}

const storedRows = (room: string) =>
  (relay.server.db.prepare('SELECT count(*) AS n FROM doc_updates WHERE room = ?').get(room) as { n: number }).n

const turn = () => new Promise((resolve) => setImmediate(resolve))

/** A chat with messages, one deleted, and a read mark written twice: deletions in its history. */
async function writeChat(count: number) {
  const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
  const room = chatRoom(chatId)
  const writer = open(room, alice.token, doc)
  await writer.synced()
  for (let i = 0; i < count; i++) {
    say(doc, alice.user.id, `line ${i}`)
    await turn() // one update per turn, so that each is stored as its own row
  }
  messagesArray(doc).delete(1, 1)
  const first = messagesArray(doc).get(0)
  markRead(doc, alice.user.id, first.id, 1)
  markRead(doc, alice.user.id, first.id, 2)
  await waitFor(() => storedRows(room) >= count + 4, 'every update to be stored')
  return { doc, room, writer }
}

/** A new device's first sync: its document must hold exactly what `expected` holds. */
async function expectFreshClientGets(room: string, expected: Y.Doc) {
  const fresh = open(room, bob.token)
  await fresh.synced()
  const content = (doc: Y.Doc) => ({ meta: metaMap(doc).toJSON(), messages: messagesArray(doc).toJSON(), reads: readsMap(doc).toJSON() })
  expect(content(fresh.doc)).toEqual(content(expected))
  expect(Y.equalSnapshots(Y.snapshot(fresh.doc), Y.snapshot(expected))).toBe(true)
  return fresh
}

describe('a new client of a chat', () => {
  it('gets exactly the chat when the relay loaded it from one compacted row', async () => {
    const { doc, room, writer } = await writeChat(20)
    writer.destroy()
    await relay.restart() // a graceful stop compacts every loaded room
    expect(storedRows(room)).toBe(1)
    await expectFreshClientGets(room, doc)
    // The stored row served once, a change must reach the next new client.
    const back = open(room, alice.token, doc)
    await back.synced()
    say(doc, alice.user.id, 'after the restart')
    await waitFor(() => storedRows(room) === 2, 'the new message to be stored')
    await expectFreshClientGets(room, doc)
  })

  it('gets exactly the chat when the relay loaded it from several rows', async () => {
    const { doc, room, writer } = await writeChat(20)
    writer.destroy()
    relay.server.relay.rooms.discard(room) // reloads from the stored rows on next use, uncompacted
    expect(storedRows(room)).toBeGreaterThan(20)
    await expectFreshClientGets(room, doc)
  })

  it('gets what changed after the relay last answered a new client', async () => {
    const { doc, room } = await writeChat(5)
    const first = await expectFreshClientGets(room, doc)
    say(doc, alice.user.id, 'news')
    // The first client has it, so it is stored and was broadcast before the second one comes:
    // the second can only get it from the relay's answer to its first sync.
    await waitFor(() => texts(first.doc).includes('news'), 'the first client to get the news')
    const second = await expectFreshClientGets(room, doc)
    expect(texts(second.doc)).toContain('news')
  })
})
