// A bot that writes faster than the relay reads it (PARLEY_MESSAGES_PER_SECOND) over one socket:
// the relay reads it at the rate, epochs seal while it writes, and every write is acknowledged on
// the same connection, which stays open however long the backlog takes to read (its pongs wait
// in TCP behind its frames; the frames themselves show it is alive).

import * as Y from 'yjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { chatRoom } from '@parley/protocol'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { useRelay } from '../support/fixture.ts'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { connectAcking } from '../support/yclient.ts'

const RATE = 100
const PING_MS = 100
const MESSAGES = 400 // about 3 s of backlog at RATE (after a burst of 2 × RATE): many ping intervals
const fx = useRelay({ epochMessages: 20, messagesPerSecond: RATE, pingIntervalMs: PING_MS })
let alice: Login, bob: Login

beforeAll(async () => {
  ;[alice, bob] = await fx.relay.logins('alice@acme.test', 'bob@acme.test')
})

describe('a client that writes faster than the relay reads', () => {
  it('gets every write acknowledged on the same connection, with nothing lost', async () => {
    const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
    const bot = connectAcking(fx.relay.syncUrl, chatRoom(chatId), alice.token, doc)
    await bot.synced()
    for (let i = 0; i < MESSAGES; i++) say(doc, alice.user.id, `message ${i}`)
    const written = Y.getState(doc.store, doc.clientID)
    await waitFor(() => (bot.acked().get(doc.clientID) ?? 0) >= written, 'every write to be acknowledged', 30_000)
    expect(bot.closes).toEqual([])
    expect((await fx.relay.server.chats.get(chatId))?.head).toBeGreaterThan(0)
    bot.destroy()

    const reader = fx.open(chatRoom(chatId), bob.token)
    await reader.synced()
    expect(texts(reader.doc)).toHaveLength(MESSAGES)
  })
})
