// Carol is offline when Alice writes to her; when Carol signs in later, the chat is waiting for
// her with its unread count and "Someone wants to Chat!".

import { describe, expect, it } from 'vitest'
import { useE2E } from './support/browser.ts'
import type { Person } from './support/person.ts'

const poll = { timeout: 10_000 }

describe('a message for someone who is offline', { timeout: 60_000 }, () => {
  const e2e = useE2E()
  let alice: Person
  let carol: Person

  it('lets Alice message Carol, who is offline', async () => {
    alice = await e2e.signIn('alice@acme.test', 'Alice Adams')
    await alice.go('Start a chat')
    await alice.row('Offline', 'Carol Clark').getByText('offline', { exact: true }).waitFor()
    await alice.startChatWith('Carol Clark', 'Message')
    await alice.panel.getByText('Offline', { exact: true }).waitFor()
    await alice.send('Carol, the Acme contract is signed.')
    await alice.send('Can you send the welcome pack tomorrow?')
    await expect.poll(() => alice.messages(), poll).toEqual(['Can you send the welcome pack tomorrow?', 'Carol, the Acme contract is signed.'])
  })

  it('has the chat waiting for Carol when she signs in, with its unread count and the alert', async () => {
    carol = await e2e.signIn('carol@acme.test', 'Carol Clark')
    await carol.alert.waitFor()
    await carol.alert.getByText('Alice Adams').waitFor()
    await carol.alert.getByText('Can you send the welcome pack tomorrow?').waitFor()
    await expect.poll(() => carol.isCalling(), poll).toBe(true)
    await expect.poll(() => carol.openCount(), poll).toBe(1)

    await carol.go('Chat Home')
    const row = carol.row('New chats', 'Alice Adams')
    await row.getByText('2 unread').waitFor()
    await row.getByText('Can you send the welcome pack tomorrow?').waitFor()

    await row.getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await expect.poll(() => carol.messages(), poll).toEqual(['Can you send the welcome pack tomorrow?', 'Carol, the Acme contract is signed.'])
    await carol.alert.waitFor({ state: 'detached' })
    expect(await carol.isCalling()).toBe(false)

    // Read: back home the chat is open with nothing unread; Alice now sees Carol online.
    await carol.go('Chat Home')
    await carol.row('Open chats', 'Alice Adams').waitFor()
    expect(await carol.panel.getByText('unread').count()).toBe(0)
    await alice.panel.getByText('Online', { exact: true }).waitFor()
  })
})
