// Limits protect the relay without losing data: a fast writer is slowed to the configured rate
// (the relay stops reading its socket; nothing is dropped), and a reader that lets outgoing bytes
// pile up past the limit is closed with 1013 so that it resyncs when it comes back.

import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode, chatRoom } from '@parley/protocol'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { openRawSocket } from '../support/raw-socket.ts'
import { startTestRelay, type TestRelay } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient, type Client } from '../support/yclient.ts'

let relay: TestRelay
const clients: Client[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  await relay.close()
})

async function chat(overrides: Parameters<typeof startTestRelay>[0]) {
  relay = await startTestRelay(overrides)
  const [alice, bob] = await relay.logins('alice@acme.test', 'bob@acme.test')
  const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
  const a = connectClient(relay.syncUrl, chatRoom(chatId), alice.token, { doc })
  const b = connectClient(relay.syncUrl, chatRoom(chatId), bob.token)
  clients.push(a, b)
  await Promise.all([a.synced(), b.synced()])
  return { alice, bob, chatId, a, b }
}

describe('limits', () => {
  it('slow a writer down to the configured rate without dropping anything', async () => {
    const rate = 100
    const { alice, a, b } = await chat({ messagesPerSecond: rate })
    const count = 400 // the first 2 × rate pass as a burst; the rest at `rate` per second
    const started = performance.now()
    for (let i = 0; i < count; i++) say(a.doc, alice.user.id, `m${i}`)
    await waitFor(() => texts(b.doc).length === count, 'every message to arrive', 20_000)
    const elapsed = performance.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(((count - 2 * rate) / rate) * 1000 * 0.9)
    expect(texts(b.doc)).toEqual(texts(a.doc))
    expect(a.closes).toEqual([])
  })

  it('close a reader whose queue of outgoing bytes passes the limit', async () => {
    const { alice, bob, chatId, a } = await chat({ maxQueuedBytes: 64 * 1024, messagesPerSecond: 10_000, userBytesPerMinute: 64 * 1024 * 1024 })
    const stalled = openRawSocket(`${relay.syncUrl}/${chatRoom(chatId)}?token=${bob.token}`)
    await stalled.opened
    // Stop reading on the client side: the kernel buffers fill, then the relay's queue grows.
    ;(stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause()
    const big = 'x'.repeat(7900)
    for (let i = 0; i < 1200 && stalled.ws.readyState === stalled.ws.OPEN; i++) {
      say(a.doc, alice.user.id, big)
      if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 5))
    }
    ;(stalled.ws as unknown as { _socket: { resume(): void } })._socket.resume()
    expect((await stalled.closed).code).toBe(CloseCode.backpressure)
    expect(a.closes).toEqual([])
  })
})
