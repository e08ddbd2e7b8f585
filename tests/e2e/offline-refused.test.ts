// A write the relay refuses is never silent. The refusal here is a real one from the relay: Alice's
// device still lists Gina (of another organization) as a colleague, as a directory kept from
// before a change would, and Alice starts a chat with her while offline. Back online, the relay
// refuses to create that chat (4403: every member must be in the creator's organization), and
// the message says it was not delivered and offers Retry and Discard. Retry sends it again as a
// new message on the relay's copy, which is refused again, so it fails again, once; Discard
// forgets it. Gina never hears of any of it.

import { describe, expect, it } from 'vitest'
import { useE2E } from './support/browser.ts'
import type { WebSocket } from 'playwright-core'
import type { Person } from './support/person.ts'

const poll = { timeout: 15_000 }
const FAILED = 'Not delivered: the relay refused it'

async function login(baseUrl: string, email: string) {
  const response = await fetch(`${baseUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'parley' }),
  })
  return (await response.json()) as { token: string; user: { id: string; name: string; email: string } }
}

describe('a write the relay refuses', { timeout: 90_000 }, () => {
  const e2e = useE2E()
  let alice: Person

  it('lets Alice write to someone her device wrongly lists as a colleague while she is offline', async () => {
    alice = await e2e.signIn('alice@acme.test', 'Alice Adams')
    const gina = await login(e2e.relay().url, 'gina@globex.test')
    await alice.page.evaluate((person) => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('parley:directory:'))!
      const people = JSON.parse(localStorage.getItem(key)!) as unknown[]
      localStorage.setItem(key, JSON.stringify([...people, person]))
    }, { id: gina.user.id, name: 'Gina Green', email: 'gina@globex.test' })
    await alice.serviceWorkerReady()
    await alice.setOffline(true)
    await alice.reload() // the directory comes from the device: it cannot be asked again offline

    await alice.startChatWith('Gina Green', 'Message')
    await alice.send('Hello Gina')
    await expect.poll(() => alice.marks(), poll).toEqual([{ text: 'Hello Gina', mark: 'Pending: only on this device' }])
  })

  it('says so when the relay refuses it, with Retry and Discard', async () => {
    await alice.setOffline(false)
    await expect.poll(() => alice.marks(), poll).toEqual([{ text: 'Hello Gina', mark: FAILED }])
    await alice.panel.getByRole('alert').getByText('The relay refused what you wrote here.', { exact: false }).waitFor()
    await expect.poll(() => alice.connectionText(), poll).toBe('Online, 1 not delivered')
    await alice.button('Retry').waitFor()
    await alice.button('Discard').waitFor()
  })

  it('retries on the relay\'s copy of the chat: refused again, the message fails once more, not twice', async () => {
    const chatSockets: WebSocket[] = []
    alice.page.on('websocket', (socket) => socket.url().includes('/sync/chat/') && chatSockets.push(socket))
    await alice.button('Retry').click()
    // The chat is loaded again from the relay (a new connection to its room), which refuses the
    // message again and closes that connection.
    await expect.poll(() => chatSockets.length, poll).toBe(1)
    await expect.poll(() => chatSockets[0]!.isClosed(), poll).toBe(true)
    await expect.poll(() => alice.marks(), poll).toEqual([{ text: 'Hello Gina', mark: FAILED }])
    await alice.panel.getByRole('alert').getByText('The relay refused what you wrote here.', { exact: false }).waitFor()
    await expect.poll(() => alice.connectionText(), poll).toBe('Online, 1 not delivered')
  })

  it('discards it on request, and Gina never hears of it', async () => {
    await alice.button('Discard').click()
    await expect.poll(() => alice.marks(), poll).toEqual([])
    await expect.poll(() => alice.connectionText(), poll).toBe('Online')
    // It stays discarded after a reload.
    await alice.reload()
    await expect.poll(() => alice.connectionText(), poll).toBe('Online')
    const gina = await login(e2e.relay().url, 'gina@globex.test')
    const chats = await fetch(`${e2e.relay().url}/api/chats`, { headers: { authorization: `Bearer ${gina.token}` } }).then((r) => r.json())
    expect(chats).toEqual({ chats: [] })
  })
})
