// Chat History: the last 25 chats with who and when each started, "Show more" beyond 25; and
// signing out removes the local copies, and signing back in brings everything back from the relay.

import { beforeAll, describe, expect, it } from 'vitest'
import { connectClient } from '../support/yclient.ts'
import { newChatDoc, say } from '../support/chat.ts'
import { useE2E } from './support/browser.ts'
import type { Person } from './support/person.ts'

const poll = { timeout: 15_000 }
const CHATS = 30

interface Login {
  token: string
  user: { id: string }
}

describe('Chat History', { timeout: 90_000 }, () => {
  const e2e = useE2E()
  let alice: Person

  // Bob's CRM integration (any Yjs client may take part) opens 30 chats with Alice.
  beforeAll(async () => {
    const { url } = e2e.relay()
    const login = async (email: string) => {
      const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'parley' }) })
      return (await res.json()) as Login
    }
    const [bob, aliceLogin] = await Promise.all([login('bob@acme.test'), login('alice@acme.test')])
    const syncUrl = url.replace(/^http/u, 'ws') + '/sync'
    for (let i = 1; i <= CHATS; i++) {
      const { doc, chatId } = newChatDoc(bob.user.id, aliceLogin.user.id)
      say(doc, bob.user.id, `Candidate update #${i}`)
      const client = connectClient(syncUrl, `chat/${chatId}`, bob.token, { doc })
      await client.synced()
      client.destroy()
    }
  })

  it('lists the last 25 chats with who and when each started, and shows more on request', async () => {
    alice = await e2e.signIn('alice@acme.test', 'Alice Adams')
    await expect.poll(() => alice.openCount(), poll).toBe(CHATS)
    await alice.go('Chat History')
    const rows = alice.list('Chat History').getByRole('listitem')
    await expect.poll(() => rows.count(), poll).toBe(25)
    expect(await rows.first().innerText()).toMatch(/Bob Brown[\s\S]*Started/u)

    await alice.button('Show more').click()
    await expect.poll(() => rows.count(), poll).toBe(CHATS)
    expect(await alice.button('Show more').count()).toBe(0)

    // Newest first: the last chat Bob opened is on top; opening it shows its message.
    await rows.first().getByRole('button', { name: 'Open chat with Bob Brown' }).click()
    await expect.poll(() => alice.messages(), poll).toEqual([`Candidate update #${CHATS}`])
  })

  it('keeps every chat across signing out and in again', async () => {
    await alice.page.getByRole('button', { name: 'Sign out' }).click()
    await alice.page.getByLabel('Email').waitFor()
    // Signing out removes this person's copies from the device (a shared computer).
    const localCopies = () => alice.page.evaluate(async () => (await indexedDB.databases()).filter((db) => db.name?.startsWith('parley:')).length)
    await expect.poll(localCopies, poll).toBe(0)

    await alice.signIn('alice@acme.test')
    await alice.go('Chat History')
    await expect.poll(() => alice.list('Chat History').getByRole('listitem').count(), poll).toBe(25)
  })
})
