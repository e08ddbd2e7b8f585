// Bob closes the chat: it leaves his Chat Home (Alice keeps it open) and stays in his Chat
// History, where he can read it or restart it with the whole conversation.

import { beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait.ts'
import { useE2E } from './support/browser.ts'
import { aliceWritesToBob } from './support/first-chat.ts'
import type { Person } from './support/person.ts'

const poll = { timeout: 10_000 }
const conversation = ['Done, see you there.', 'Lunch at 12:30?', 'Hi Alice', 'Hi Bob']

describe('closing and restarting a chat', { timeout: 60_000 }, () => {
  const e2e = useE2E()
  let alice: Person
  let bob: Person

  beforeAll(async () => {
    ;({ alice, bob } = await aliceWritesToBob(e2e, 'Hi Bob'))
    await bob.reply('Hi Bob', 'Hi Alice')
    await alice.reply('Hi Alice', 'Lunch at 12:30?')
    await bob.reply('Lunch at 12:30?', 'Done, see you there.')
    await waitFor(async () => (await alice.messages()).join('|') === conversation.join('|'), 'the whole conversation on Alice\'s side')
  })

  it('takes the chat out of Bob\'s Chat Home only', async () => {
    await bob.go('Chat Home')
    await bob.row('Open chats', 'Alice Adams').getByRole('button', { name: 'Close chat with Alice Adams' }).click()
    await bob.row('Open chats', 'Alice Adams').waitFor({ state: 'detached' })
    await bob.panel.getByText('No open chats').waitFor()
    await expect.poll(() => bob.openCount(), poll).toBe(0)

    // Alice still has it open, with everything in it.
    expect(await alice.openCount()).toBe(1)
    await alice.go('Chat Home')
    await alice.row('Open chats', 'Bob Brown').waitFor()
  })

  it('keeps it in Bob\'s Chat History, where he can read it', async () => {
    await bob.go('Chat History')
    const row = bob.row('Chat History', 'Alice Adams')
    await row.getByText('Closed', { exact: true }).waitFor()
    await row.getByText('Started', { exact: false }).waitFor()
    await row.getByRole('button', { name: 'View chat with Alice Adams' }).click()
    await bob.chatWindow('Alice Adams').waitFor()
    await expect.poll(() => bob.messages(), poll).toEqual(conversation)
    expect(await bob.messageField.count()).toBe(0) // closed: read only until restarted
    expect(await bob.openCount()).toBe(0)
  })

  it('restarts it from Chat History with the whole conversation, carrying on where it left off', async () => {
    await bob.go('Chat History')
    await bob.row('Chat History', 'Alice Adams').getByRole('button', { name: 'Restart chat with Alice Adams' }).click()
    await bob.chatWindow('Alice Adams').waitFor()
    await expect.poll(() => bob.messages(), poll).toEqual(conversation)
    await expect.poll(() => bob.openCount(), poll).toBe(1)

    await bob.send('Actually, can we make it 1pm?')
    await alice.homeRow('Bob Brown').getByRole('button', { name: 'Open chat with Bob Brown' }).click()
    await expect.poll(async () => (await alice.messages())[0], poll).toBe('Actually, can we make it 1pm?')
    await bob.go('Chat Home')
    await bob.row('Open chats', 'Alice Adams').waitFor()
  })

  it('brings a closed chat back with an alert when the other person writes in it', async () => {
    await bob.row('Open chats', 'Alice Adams').getByRole('button', { name: 'Close chat with Alice Adams' }).click()
    await expect.poll(() => bob.openCount(), poll).toBe(0)
    await alice.send('Bob? Still on?')

    await bob.alert.getByText('Bob? Still on?').waitFor()
    await expect.poll(() => bob.isCalling(), poll).toBe(true)
    await expect.poll(() => bob.openCount(), poll).toBe(1)
    await bob.row('New chats', 'Alice Adams').getByText('1 unread').waitFor()
  })
})
