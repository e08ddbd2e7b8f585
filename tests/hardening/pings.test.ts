// Item 13 of the hardening issue: the relay pings every socket and closes one that stops
// answering, while a socket that answers stays open however long it is quiet.

import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inboxRoom } from '@parley/protocol'
import { startTestRelay, type Login, type TestRelay } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'

const PING_MS = 200
let relay: TestRelay
let alice: Login

beforeAll(async () => {
  relay = await startTestRelay({ pingIntervalMs: PING_MS })
  alice = await relay.login('alice@acme.test')
})
afterAll(() => relay?.close())

const open = (autoPong: boolean) => {
  const ws = new WebSocket(`${relay.syncUrl}/${inboxRoom(alice.user.id)}?token=${alice.token}`, { autoPong })
  const pings: number[] = []
  let closedAt: number | null = null
  ws.on('ping', () => pings.push(Date.now()))
  ws.on('close', () => (closedAt = Date.now()))
  ws.on('error', () => {})
  return { ws, pings, closedAt: () => closedAt }
}

describe('pings', () => {
  it('closes a socket that stops answering pings, a few intervals after the first ping it leaves unanswered', async () => {
    const silent = open(false)
    await waitFor(() => silent.pings.length >= 1, 'the first ping')
    const closedAt = await waitFor(() => silent.closedAt(), 'the relay to close the silent socket', 20 * PING_MS)
    expect(closedAt - silent.pings[0]!).toBeLessThanOrEqual(5 * PING_MS) // one interval, with room for a busy machine
  })

  it('keeps a quiet socket that answers pings open', async () => {
    const quiet = open(true)
    await waitFor(() => quiet.pings.length >= 5, 'five pings')
    expect(quiet.closedAt()).toBeNull()
    expect(quiet.ws.readyState).toBe(WebSocket.OPEN)
    quiet.ws.close()
  })
})
