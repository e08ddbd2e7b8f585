// Removing people with the admin CLI while a relay process runs on the same data folder: each
// command closes that person's open socket with 4401 within 2 s (the relay's session watch sees
// the ended sessions) and decides what their next login gets. Deleted people's messages stay.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode, chatRoom, presenceRoom } from '@parley/protocol'
import { runCliForTest } from '../../sync-server/src/cli/cli-for-tests.ts'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { openRawSocket } from '../support/raw-socket.ts'
import { removeDataDir, startRelayProcess, type RelayProcess } from '../support/relay-process.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient } from '../support/yclient.ts'

let relay: RelayProcess
beforeAll(async () => {
  relay = await startRelayProcess({ env: { PARLEY_SESSION_CHECK_MS: '200' } })
})
afterAll(async () => {
  await relay.stop()
  removeDataDir(relay.dataDir)
})

const cli = (...args: string[]) => runCliForTest(args, { PARLEY_DATA_DIR: relay.dataDir, PARLEY_SCRYPT_COST: '1024', PARLEY_LOG_LEVEL: 'silent' })

interface Login {
  token: string
  user: { id: string; orgId: string }
}
const login = async (email: string, password = 'parley') => {
  const res = await fetch(`${relay.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
  return { status: res.status, body: (await res.json()) as Login }
}
const syncUrl = () => `${relay.url.replace(/^http/, 'ws')}/sync`

/** Opens a presence socket as `email` and returns how long after `act` it closed, and with what. */
async function closedAfter(email: string, act: () => Promise<unknown>) {
  const { body } = await login(email)
  const socket = openRawSocket(`${syncUrl()}/${presenceRoom(body.user.orgId)}?token=${body.token}`)
  await socket.opened
  const started = Date.now()
  const result = await act()
  expect(result).toMatchObject({ code: 0 })
  const { code } = await socket.closed
  return { code, ms: Date.now() - started }
}

describe('removing people from the CLI under a running relay', () => {
  it('user disable closes their socket and refuses their next login; user enable lets them back', async () => {
    const closed = await closedAfter('alice@acme.test', () => cli('user', 'disable', '--email', 'alice@acme.test'))
    expect(closed.code).toBe(CloseCode.unauthorized)
    expect(closed.ms).toBeLessThan(2000)
    expect((await login('alice@acme.test')).status).toBe(401)
    expect((await cli('user', 'list', '--org', 'Acme Recruiting')).out).toMatch(/alice@acme\.test\s+\S+\s+disabled/)
    expect((await cli('user', 'enable', '--email', 'alice@acme.test')).code).toBe(0)
    expect((await login('alice@acme.test')).status).toBe(200)
  })

  it('session revoke closes their socket and they may sign in again', async () => {
    const closed = await closedAfter('bob@acme.test', () => cli('session', 'revoke', '--user', 'bob@acme.test'))
    expect(closed.code).toBe(CloseCode.unauthorized)
    expect(closed.ms).toBeLessThan(2000)
    expect((await login('bob@acme.test')).status).toBe(200)
  })

  it('user reset-password closes their socket; the old password fails and the new one works', async () => {
    const closed = await closedAfter('carol@acme.test', () => cli('user', 'reset-password', '--email', 'carol@acme.test', '--password', 'a fresh passphrase'))
    expect(closed.code).toBe(CloseCode.unauthorized)
    expect(closed.ms).toBeLessThan(2000)
    expect((await login('carol@acme.test')).status).toBe(401)
    expect((await login('carol@acme.test', 'a fresh passphrase')).status).toBe(200)
  })

  it('user delete closes their socket, frees the email, refuses every login, and keeps their messages', async () => {
    const dave = (await login('dave@acme.test')).body
    const erin = (await login('erin@acme.test')).body
    const { doc, chatId } = newChatDoc(dave.user.id, erin.user.id)
    const writer = connectClient(syncUrl(), chatRoom(chatId), dave.token, { doc })
    await writer.synced()
    say(doc, dave.user.id, 'handing over the Globex account')
    const reader = connectClient(syncUrl(), chatRoom(chatId), erin.token)
    await waitFor(() => texts(reader.doc).length === 1, 'Erin to get Dave’s message')
    reader.destroy()

    const closed = await closedAfter('dave@acme.test', () => cli('user', 'delete', '--email', 'dave@acme.test'))
    expect(closed.code).toBe(CloseCode.unauthorized)
    expect(closed.ms).toBeLessThan(2000)
    await waitFor(() => writer.provider.wsconnected === false, 'Dave’s chat socket to close')
    writer.destroy()
    expect((await login('dave@acme.test')).status).toBe(401)
    expect((await cli('user', 'enable', '--email', 'dave@acme.test')).code).toBe(1)
    expect((await cli('user', 'list', '--org', 'Acme Recruiting')).out).toMatch(/Dave \S+\s+\S+@former\.invalid\s+\S+\s+deleted/)
    // The email can be given to somebody new.
    expect((await cli('user', 'add', '--org', 'Acme Recruiting', '--email', 'dave@acme.test', '--name', 'David New', '--password', 'long enough')).code).toBe(0)

    const later = connectClient(syncUrl(), chatRoom(chatId), erin.token)
    await waitFor(() => texts(later.doc).includes('handing over the Globex account'), 'Dave’s message, still there for Erin')
    later.destroy()
  })
})
