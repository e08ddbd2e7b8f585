// Alice loses her network: the app still opens after a reload (and in a new tab) with her chats
// and their history; she writes to Bob, starts a chat with Dave, closes and restarts it, all
// marked pending and kept across another reload; back online, Bob and Dave get each message once, in order, and her marks turn to
// sent, then to seen as they read. `context.setOffline(true)` cuts the page's HTTP and new
// WebSockets; an open WebSocket only goes silent, which the app notices from the browser's
// offline event (tests/e2e/offline-flaky.test.ts switches it off and on while both sides write).

import { describe, expect, it } from 'vitest'
import { useE2E } from './support/browser.ts'
import type { Person } from './support/person.ts'

const poll = { timeout: 15_000 }
const PENDING = 'Pending: only on this device'
const toBob = ['Bob, the Henderson offer is ready.', 'They want a start date in March.', 'Can you call them before noon?']
const toDave = 'Dave, can you take the Globex interview on Friday?'

describe('Alice offline', { timeout: 120_000 }, () => {
  const e2e = useE2E()
  let alice: Person
  let bob: Person
  let dave: Person

  it('has a chat with Bob that he has read, and the app shell kept by the service worker', async () => {
    ;[alice, bob, dave] = await Promise.all([
      e2e.signIn('alice@acme.test', 'Alice Adams'),
      e2e.signIn('bob@acme.test', 'Bob Brown'),
      e2e.signIn('dave@acme.test', 'Dave Davis'),
    ])
    await alice.startChatWith('Bob Brown')
    await alice.send('Morning Bob')
    await expect.poll(() => alice.marks(), poll).toEqual([{ text: 'Morning Bob', mark: 'Sent' }])
    await bob.alert.getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await expect.poll(() => bob.messages(), poll).toEqual(['Morning Bob'])
    await expect.poll(() => alice.marks(), poll).toEqual([{ text: 'Morning Bob', mark: 'Seen' }])
    // Bob leaves the chat window: what comes next is not read until he opens it again.
    await bob.go('Chat Home')
    await alice.serviceWorkerReady()
    await expect.poll(() => alice.connectionText(), poll).toBe('Online')
  })

  it('says nothing about how the browser keeps her copy while nothing of hers is waiting (issue 12: only when it matters)', async () => {
    await alice.page.getByRole('heading', { name: 'Works offline' }).waitFor()
    expect(await alice.page.getByRole('note').count()).toBe(0)
    expect(await alice.page.getByText(/persistent storage|would be lost/u).count()).toBe(0)
  })

  it('opens with no network after a reload, with her chats and their history', async () => {
    await alice.setOffline(true)
    await expect.poll(() => alice.connectionText(), poll).toBe('Offline')
    await alice.reload()
    await expect.poll(() => alice.connectionText(), poll).toBe('Offline')
    await alice.go('Chat Home')
    await alice.homeRow('Bob Brown').getByRole('button', { name: 'Open chat with Bob Brown' }).click()
    await expect.poll(() => alice.marks(), poll).toEqual([{ text: 'Morning Bob', mark: 'Seen' }])

    // Opening the app afresh, in a new tab, works too.
    const fresh = await alice.page.context().newPage()
    await fresh.goto('/')
    await fresh.getByRole('button', { name: 'Chats, 1 open' }).waitFor()
    await fresh.close()
  })

  it('keeps what she writes to Bob pending, and lets her start a chat with Dave and leave him a message', async () => {
    for (const text of toBob) await alice.send(text)
    await expect.poll(() => alice.marks(), poll).toEqual([...toBob.map((text) => ({ text, mark: PENDING })).reverse(), { text: 'Morning Bob', mark: 'Seen' }])
    await expect.poll(() => alice.connectionText(), poll).toBe('Offline, 3 pending')

    await alice.startChatWith('Dave Davis', 'Message')
    await alice.send(toDave)
    await expect.poll(() => alice.marks(), poll).toEqual([{ text: toDave, mark: PENDING }])
    await expect.poll(() => alice.connectionText(), poll).toBe('Offline, 4 pending')
  })

  it('warns her before signing out would delete what is only on this device', async () => {
    const warnings: string[] = []
    alice.page.once('dialog', (dialog) => {
      warnings.push(dialog.message())
      void dialog.dismiss() // "Cancel": she stays signed in
    })
    await alice.page.getByRole('button', { name: 'Sign out', exact: true }).click()
    expect(warnings).toEqual(['4 of your messages are only on this device. Signing out deletes them. Sign out anyway?'])
    await expect.poll(() => alice.connectionText(), poll).toBe('Offline, 4 pending')
  })

  it('keeps all of it across another reload with no network', async () => {
    await alice.reload()
    await expect.poll(() => alice.connectionText(), poll).toBe('Offline, 4 pending')
    await alice.go('Chat Home')
    await alice.homeRow('Dave Davis').waitFor()
    await expect.poll(() => alice.openCount(), poll).toBe(2)

    // Closing and restarting a chat does not wait for the network either.
    await alice.homeRow('Dave Davis').getByRole('button', { name: 'Close chat with Dave Davis' }).click()
    await expect.poll(() => alice.openCount(), poll).toBe(1)
    await alice.go('Chat History')
    await alice.row('Chat History', 'Dave Davis').getByRole('button', { name: 'Restart chat with Dave Davis' }).click()
    await expect.poll(() => alice.marks(), poll).toEqual([{ text: toDave, mark: PENDING }])
    await expect.poll(() => alice.openCount(), poll).toBe(2)

    await alice.go('Chat Home')
    await alice.homeRow('Bob Brown').getByRole('button', { name: 'Open chat with Bob Brown' }).click()
    await expect.poll(() => alice.marks(), poll).toEqual([...toBob.map((text) => ({ text, mark: PENDING })).reverse(), { text: 'Morning Bob', mark: 'Seen' }])
  })

  it('sends everything when she is back online: her marks turn to sent', async () => {
    await alice.setOffline(false)
    await expect.poll(() => alice.connectionText(), poll).toBe('Online')
    await expect.poll(() => alice.marks(), poll).toEqual([...toBob.map((text) => ({ text, mark: 'Sent' })).reverse(), { text: 'Morning Bob', mark: 'Seen' }])
  })

  it('gives Bob each message once and in order, and shows Alice that he has seen them', async () => {
    await bob.homeRow('Alice Adams').getByText('3 unread').waitFor()
    await bob.homeRow('Alice Adams').getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await expect.poll(() => bob.messages(), poll).toEqual([...toBob].reverse().concat('Morning Bob'))
    await expect.poll(() => alice.marks(), poll).toEqual([...toBob.map((text) => ({ text, mark: 'Seen' })).reverse(), { text: 'Morning Bob', mark: 'Seen' }])
  })

  it('gives Dave the new chat with its one message, and shows Alice that he has seen it', async () => {
    await alice.go('Chat Home')
    await alice.homeRow('Dave Davis').getByRole('button', { name: 'Open chat with Dave Davis' }).click()
    await expect.poll(() => alice.marks(), poll).toEqual([{ text: toDave, mark: 'Sent' }])
    await dave.alert.getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await expect.poll(() => dave.messages(), poll).toEqual([toDave])
    await expect.poll(() => alice.marks(), poll).toEqual([{ text: toDave, mark: 'Seen' }])
    expect(await alice.connectionText()).toBe('Online')
  })
})
