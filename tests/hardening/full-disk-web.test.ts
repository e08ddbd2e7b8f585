// Item 14 of the hardening issue, in the web app: when the relay closes a chat with 4503
// (storage cannot write), the app waits the seconds the relay names before it connects again,
// instead of retrying on the provider's short backoff, and does not call the message refused;
// once space is back, the message written during the outage is stored and reaches the other side.

import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatIdWith } from '../e2e/support/mentions.ts'
import { launchChromium } from '../e2e/support/browser.ts'
import { Person } from '../e2e/support/person.ts'
import { texts } from '../support/chat.ts'
import { fillDisk, freeDisk } from '../support/disk-limit.ts'
import { startTestRelay, type TestRelay } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient, type Client } from '../support/yclient.ts'

const RETRY_MS = 3000
let relay: TestRelay
let browser: Browser
let alice: Person
let bobClient: Client | undefined
/** When each WebSocket of a chat room opened and closed in Alice's page. */
const chatSockets: Array<{ openedAt: number; closedAt: number | null }> = []

beforeAll(async () => {
  ;[relay, browser] = await Promise.all([startTestRelay({ storageRetryMs: RETRY_MS }), launchChromium()])
  const context = await browser.newContext({ baseURL: relay.url, viewport: { width: 1280, height: 820 } })
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  page.on('websocket', (socket) => {
    if (!socket.url().includes('/sync/chat/')) return
    const entry = { openedAt: Date.now(), closedAt: null as number | null }
    chatSockets.push(entry)
    socket.on('close', () => (entry.closedAt = Date.now()))
  })
  alice = new Person('alice', page)
  await page.goto('/')
  await alice.signIn('alice@acme.test')
})
afterAll(async () => {
  bobClient?.destroy()
  await browser?.close()
  await relay?.close()
})

describe('the web app during a full disk', { timeout: 60_000 }, () => {
  it('waits out the relay\'s retry time after a 4503, then delivers', async () => {
    await alice.startChatWith('Bob Brown', 'Message')
    await alice.send('Before the disk filled up.')
    const bob = await relay.login('bob@acme.test')
    const chatId = await waitFor(() => chatIdWith(relay.url, bob.token, 'Alice Adams').catch(() => null), 'the chat to be registered')

    await fillDisk(relay.server)
    const signIn = () => fetch(`${relay.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'carol@acme.test', password: 'parley' }) })
    let res = await signIn()
    for (let i = 0; i < 5000 && res.status === 200; i++) res = await signIn()
    expect(res.status).toBe(503)

    const socketsBefore = chatSockets.length
    await alice.send(`Written while the disk is full ${'x'.repeat(7900)}`)
    const closed = await waitFor(() => chatSockets[socketsBefore - 1]?.closedAt, 'the relay to close the chat')
    await freeDisk(relay.server)

    const reopened = await waitFor(() => chatSockets[socketsBefore]?.openedAt, 'the app to connect the chat again', 4 * RETRY_MS)
    expect(reopened - closed).toBeGreaterThanOrEqual(RETRY_MS - 100)
    expect(await alice.panel.getByText('Not delivered').count()).toBe(0)

    bobClient = connectClient(relay.syncUrl, `chat/${chatId}`, bob.token)
    await waitFor(() => texts(bobClient!.doc).some((text) => text.startsWith('Written while the disk is full')), 'the message to reach Bob')
  })
})
