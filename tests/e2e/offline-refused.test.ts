// A write the relay refuses is never silent. The refusal here is a real one from the relay: Alice's
// device still lists Gina (of another organization) as a colleague, as a directory kept from
// before a change would, and Alice starts a chat with her while offline. Back online, the relay
// refuses to create that chat (4403: every member must be in the creator's organization), and
// each message says it was not delivered and offers Retry and Discard. Retry sends it again as a
// new message on the relay's copy, which is refused again, so it fails again, once; the other is
// set aside on the device and survives a reload; Discard forgets each. Gina never hears of it.

import { describe, expect, it } from 'vitest'
import { useE2E } from './support/browser.ts'
import type { WebSocket } from 'playwright-core'
import type { Person } from './support/person.ts'

const poll = { timeout: 15_000 }
const FAILED = 'Not delivered: the relay refused it'
const PENDING = 'Pending: only on this device'

/** One message in the open chat window, by its text. */
const message = (person: Person, text: string) => person.panel.locator('li.message').filter({ hasText: text })

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
    await alice.send('Are you free on Friday?')
    await expect.poll(() => alice.marks(), poll).toEqual([
      { text: 'Are you free on Friday?', mark: PENDING },
      { text: 'Hello Gina', mark: PENDING },
    ])
  })

  it('says so when the relay refuses it, with Retry and Discard on each message', async () => {
    await alice.setOffline(false)
    await expect.poll(() => alice.marks(), poll).toEqual([
      { text: 'Are you free on Friday?', mark: FAILED },
      { text: 'Hello Gina', mark: FAILED },
    ])
    await alice.panel.getByRole('alert').getByText('The relay refused what you wrote here.', { exact: false }).waitFor()
    await expect.poll(() => alice.connectionText(), poll).toBe('Online, 2 not delivered')
    await expect.poll(() => alice.panel.getByRole('button', { name: 'Retry', exact: true }).count(), poll).toBe(2)
    await expect.poll(() => alice.panel.getByRole('button', { name: 'Discard', exact: true }).count(), poll).toBe(2)
  })

  it('retries one on the relay\'s copy of the chat: refused again, it fails once more, not twice', async () => {
    const chatSockets: WebSocket[] = []
    alice.page.on('websocket', (socket) => socket.url().includes('/sync/chat/') && chatSockets.push(socket))
    await message(alice, 'Are you free on Friday?').getByRole('button', { name: 'Retry', exact: true }).click()
    // The chat is loaded again from the relay (a new connection to its room), which refuses the
    // message again and closes that connection.
    await expect.poll(() => chatSockets.length, poll).toBe(1)
    await expect.poll(() => chatSockets[0]!.isClosed(), poll).toBe(true)
    // The one not retried was set aside, and shows first.
    await expect.poll(() => alice.marks(), poll).toEqual([
      { text: 'Hello Gina', mark: FAILED },
      { text: 'Are you free on Friday?', mark: FAILED },
    ])
    await alice.panel.getByRole('alert').getByText('The relay refused what you wrote here.', { exact: false }).waitFor()
    await expect.poll(() => alice.connectionText(), poll).toBe('Online, 2 not delivered')
  })

  it('keeps both across a reload', async () => {
    await alice.reload()
    await expect.poll(() => alice.connectionText(), poll).toBe('Online, 2 not delivered')
    await alice.go('Chat Home')
    await alice.panel.getByRole('listitem').filter({ hasText: 'You started this chat' }).getByRole('button', { name: /^Open chat with/u }).click()
    await expect.poll(() => alice.marks(), poll).toEqual([
      { text: 'Hello Gina', mark: FAILED },
      { text: 'Are you free on Friday?', mark: FAILED },
    ])
  })

  it('discards them on request, for good, and Gina never hears of any of it', async () => {
    await message(alice, 'Hello Gina').getByRole('button', { name: 'Discard', exact: true }).click()
    await expect.poll(() => alice.marks(), poll).toEqual([{ text: 'Are you free on Friday?', mark: FAILED }])
    await message(alice, 'Are you free on Friday?').getByRole('button', { name: 'Discard', exact: true }).click()
    await expect.poll(() => alice.marks(), poll).toEqual([])
    await expect.poll(() => alice.connectionText(), poll).toBe('Online')
    await alice.reload()
    await expect.poll(() => alice.connectionText(), poll).toBe('Online')
    const gina = await login(e2e.relay().url, 'gina@globex.test')
    const chats = await fetch(`${e2e.relay().url}/api/chats`, { headers: { authorization: `Bearer ${gina.token}` } }).then((r) => r.json())
    expect(chats).toEqual({ chats: [] })
  })
})
