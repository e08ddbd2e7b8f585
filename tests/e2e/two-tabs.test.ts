// One person in two tabs at once: both tabs show the same chats, messages, counts and alerts,
// and what is done in one (closing a chat) shows in the other.

import { describe, expect, it } from 'vitest'
import { useE2E } from './support/browser.ts'
import type { Person } from './support/person.ts'

const poll = { timeout: 10_000 }

describe('two tabs of the same person', { timeout: 60_000 }, () => {
  const e2e = useE2E()
  let bob: Person
  let bobToo: Person
  let alice: Person

  it('alerts both of Bob\'s tabs and counts the chat in both', async () => {
    ;[alice, bob] = await Promise.all([e2e.signIn('alice@acme.test', 'Alice Adams'), e2e.signIn('bob@acme.test', 'Bob Brown')])
    bobToo = await e2e.secondTab(bob)
    await alice.startChatWith('Bob Brown')
    await alice.send('Are you on the Globex call?')
    for (const tab of [bob, bobToo]) {
      await tab.alert.getByText('Are you on the Globex call?').waitFor()
      await expect.poll(() => tab.openCount(), poll).toBe(1)
    }
  })

  it('clears the alert in both tabs when Bob opens the chat in one', async () => {
    await bob.alert.getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await bob.chatWindow('Alice Adams').waitFor()
    await bobToo.alert.waitFor({ state: 'detached' })
    expect(await bobToo.isCalling()).toBe(false)
  })

  it('shows the same conversation in both tabs, whichever tab Bob writes from', async () => {
    await bobToo.go('Chat Home')
    await bobToo.homeRow('Alice Adams').getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await bobToo.send('Yes, joining now')
    await bob.reply('Yes, joining now', 'Two minutes late')
    const expected = ['Two minutes late', 'Yes, joining now', 'Are you on the Globex call?']
    for (const person of [bob, bobToo, alice]) await expect.poll(() => person.messages(), poll).toEqual(expected)
  })

  it('closes the chat in both tabs when Bob closes it in one, and keeps it open for Alice', async () => {
    await bob.button('Close chat').click()
    await expect.poll(() => bobToo.openCount(), poll).toBe(0)
    expect(await bob.openCount()).toBe(0)
    // The other tab is still showing the chat: it turns read-only, with a way to restart it.
    await bobToo.button('Restart chat').waitFor()
    expect(await alice.openCount()).toBe(1)
  })
})
