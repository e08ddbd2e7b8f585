// Item 14 of the hardening issue: while SQLite cannot write (a real SQLITE_FULL, made with
// SQLite's own max_page_count on the relay's file, tests/support/disk-limit.ts), sign-ins answer 503 storage_unavailable with
// Retry-After, and writers are closed with 4503 and refused until the retry time, instead of
// looping through 1012 reload and reconnect. Once space is back, what they wrote arrives.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode, chatRoom } from '@parley/protocol'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { fillDisk, freeDisk } from '../support/disk-limit.ts'
import { startTestRelay, type TestRelay } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient, type Client } from '../support/yclient.ts'

const RETRY_MS = 2000
let relay: TestRelay
let a: Client
let b: Client
let aliceId: string

beforeAll(async () => {
  relay = await startTestRelay({ storageRetryMs: RETRY_MS })
  const [alice, bob] = await relay.logins('alice@acme.test', 'bob@acme.test')
  aliceId = alice.user.id
  const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
  a = connectClient(relay.syncUrl, chatRoom(chatId), alice.token, { doc })
  b = connectClient(relay.syncUrl, chatRoom(chatId), bob.token)
  await Promise.all([a.synced(), b.synced()])
  say(a.doc, alice.user.id, 'before the disk filled up')
  await waitFor(() => texts(b.doc).length === 1, 'the first message to reach Bob')
})
afterAll(async () => {
  a?.destroy()
  b?.destroy()
  await relay?.close()
})

const login = () =>
  fetch(`${relay.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'carol@acme.test', password: 'parley' }) })

describe('a full disk', () => {
  it('answers sign-ins with 503 storage_unavailable and Retry-After, not 500', async () => {
    // The file may not grow past its present size; sign-ins fill what room its pages have left.
    await fillDisk(relay.server)
    let res = await login()
    for (let i = 0; i < 5000 && res.status === 200; i++) res = await login()
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ error: 'storage_unavailable', message: expect.any(String) })
    expect(res.headers.get('retry-after')).toBe(String(RETRY_MS / 1000))
  })

  it('closes a writer with 4503 and keeps refusing it until the retry time, without reloads', async () => {
    const written = say(a.doc, aliceId, `long enough to need a new page ${'x'.repeat(7900)}`)
    expect(written).toBeTruthy()
    expect(await waitFor(() => a.closes[0], 'the relay to close the writer')).toBe(CloseCode.storageUnavailable)
    expect(await waitFor(() => b.closes[0], 'the relay to close the reader of that room')).toBe(CloseCode.storageUnavailable)
    // The stock client retries on its own backoff (at most 500 ms here) and is refused each time.
    await waitFor(() => a.closes.length >= 3, 'the writer to retry')
    expect(new Set([...a.closes, ...b.closes])).toEqual(new Set([CloseCode.storageUnavailable]))
    expect(texts(b.doc)).toEqual(['before the disk filled up'])
  })

  it('stores what the writer sent once space is back and the retry time has passed', async () => {
    await freeDisk(relay.server)
    await waitFor(() => texts(b.doc).length === 2, 'the message written during the outage to reach Bob', 4 * RETRY_MS)
    expect(texts(b.doc)).toEqual(['before the disk filled up', expect.stringMatching(/^long enough/u)])
    expect((await login()).status).toBe(200)
    expect(a.closes.filter((code) => code !== CloseCode.storageUnavailable)).toEqual([])
  })
})
