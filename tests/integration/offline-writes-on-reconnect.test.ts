// A stock y-websocket client that wrote while offline and writes again the moment its socket opens:
// that incremental update reaches the relay before the client's sync step 2 (which carries the
// offline writes), so it starts after what the relay has of the client. The relay must not take it
// for an update that depends on unknown changes and close the client (a stock client never comes
// back after a 44xx close): it asks for the client's state and gets everything from the step 2.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { chatRoom } from '@parley/protocol'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { startTestRelay, type Login, type TestRelay } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient, type Client } from '../support/yclient.ts'

let relay: TestRelay
let alice: Login, bob: Login
const clients: Client[] = []

beforeAll(async () => {
  relay = await startTestRelay()
  ;[alice, bob] = await relay.logins('alice@acme.test', 'bob@acme.test')
})
afterAll(async () => {
  for (const client of clients) client.destroy()
  await relay.close()
})

const open = (...args: Parameters<typeof connectClient>) => {
  const client = connectClient(...args)
  clients.push(client)
  return client
}

/** Writes `text` as `author` the first time the client's socket opens after this call. */
const sayOnOpen = (client: Client, author: string, text: string) => {
  let wrote = false
  client.provider.on('status', ({ status }: { status: string }) => {
    if (status !== 'connected' || wrote) return
    wrote = true
    say(client.doc, author, text)
  })
}

describe('a client that wrote offline and writes again the moment its socket opens', () => {
  it('keeps the connection, and everyone gets the offline writes and the new one', async () => {
    const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
    say(doc, alice.user.id, 'before the tunnel')
    const a = open(relay.syncUrl, chatRoom(chatId), alice.token, { doc })
    await a.synced()
    const b = open(relay.syncUrl, chatRoom(chatId), bob.token)
    await waitFor(() => texts(b.doc).length === 1, 'Bob to have the first message')

    a.provider.disconnect()
    say(doc, alice.user.id, 'written in the tunnel')
    say(doc, alice.user.id, 'also in the tunnel')
    sayOnOpen(a, alice.user.id, 'out of the tunnel')
    a.provider.connect()

    const expected = ['before the tunnel', 'written in the tunnel', 'also in the tunnel', 'out of the tunnel']
    await waitFor(() => {
      if (a.closes.length) throw new Error(`the relay closed Alice: ${a.closes[0]} ${a.closeReasons[0]}`)
      return texts(b.doc).length === expected.length
    }, 'Bob to get all three')
    expect(texts(b.doc)).toEqual(expected)
    expect(a.closes).toEqual([])

    // Stored, not only passed on: a fresh client reads them back.
    const reader = open(relay.syncUrl, chatRoom(chatId), bob.token)
    await reader.synced()
    expect(texts(reader.doc)).toEqual(expected)
  })

  it('keeps a second device that never wrote here before, with offline writes under a new client id', async () => {
    const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
    say(doc, alice.user.id, 'from the laptop')
    const laptop = open(relay.syncUrl, chatRoom(chatId), alice.token, { doc })
    await laptop.synced()

    const phoneDoc = new Y.Doc()
    Y.applyUpdate(phoneDoc, Y.encodeStateAsUpdate(doc))
    say(phoneDoc, alice.user.id, 'from the phone, offline')
    const phone = open(relay.syncUrl, chatRoom(chatId), alice.token, { doc: phoneDoc, connect: false })
    sayOnOpen(phone, alice.user.id, 'from the phone, online')
    phone.provider.connect()

    await waitFor(() => {
      if (phone.closes.length) throw new Error(`the relay closed the phone: ${phone.closes[0]} ${phone.closeReasons[0]}`)
      return texts(doc).length === 3
    }, 'the laptop to get both of the phone’s messages')
    expect(texts(doc)).toEqual(['from the laptop', 'from the phone, offline', 'from the phone, online'])
    expect(phone.closes).toEqual([])
  })
})
