// Alice and Bob write to each other: each sees "… is typing…" while the other types, the newest
// message is on top on both sides, and "Reload chat" reloads without losing anything.

import { beforeAll, describe, expect, it } from 'vitest'
import { useE2E } from './support/browser.ts'
import { aliceWritesToBob } from './support/first-chat.ts'
import type { Person } from './support/person.ts'

const poll = { timeout: 10_000 }

describe('a conversation', { timeout: 60_000 }, () => {
  const e2e = useE2E()
  let alice: Person
  let bob: Person

  beforeAll(async () => {
    ;({ alice, bob } = await aliceWritesToBob(e2e, 'Morning Bob!'))
  })

  it('shows each person when the other is typing', async () => {
    await bob.messageField.click()
    await bob.page.keyboard.type('Morning! Just', { delay: 20 })
    await alice.typing('Bob Brown').waitFor()
    expect(await bob.typing('Alice Adams').count()).toBe(0)

    await alice.messageField.click()
    await alice.page.keyboard.type('About the Henderson', { delay: 20 })
    await bob.typing('Alice Adams').waitFor()

    // Sending ends "is typing…" on the other side.
    await alice.messageField.press('Enter')
    await bob.typing('Alice Adams').waitFor({ state: 'detached' })
  })

  it('puts the newest message on top on both sides, live', async () => {
    await bob.messageField.fill('Morning! Just got in.')
    await bob.messageField.press('Enter')
    await alice.reply('Morning! Just got in.', 'Can you call the client at 10?')
    await bob.reply('Can you call the client at 10?', 'Sure, line 1\nand line 2')

    const expected = ['Sure, line 1\nand line 2', 'Can you call the client at 10?', 'Morning! Just got in.', 'About the Henderson', 'Morning Bob!']
    await expect.poll(() => alice.messages(), poll).toEqual(expected)
    await expect.poll(() => bob.messages(), poll).toEqual(expected)
    await alice.typing('Bob Brown').waitFor({ state: 'detached' })
  })

  it('keeps Shift+Enter as a new line and does not send empty messages', async () => {
    await alice.messageField.click()
    await alice.page.keyboard.type('First line')
    await alice.page.keyboard.press('Shift+Enter')
    await alice.page.keyboard.type('second line')
    expect(await alice.messageField.inputValue()).toBe('First line\nsecond line')
    await alice.messageField.press('Enter')
    await expect.poll(async () => (await bob.messages())[0], poll).toBe('First line\nsecond line')

    await alice.messageField.fill('   ')
    await alice.messageField.press('Enter')
    expect(await alice.button('Send').isDisabled()).toBe(true)
    expect((await alice.messages()).length).toBe(6)
  })

  it('reloads the chat with "Reload chat" without losing anything', async () => {
    const before = await bob.messages()
    await bob.button('Reload chat').click()
    await expect.poll(() => bob.button('Reload chat').getAttribute('aria-busy'), poll).toBe('false')
    await expect.poll(() => bob.messages(), poll).toEqual(before)

    // The reloaded chat is live in both directions.
    await bob.send('Back after a reload')
    await alice.reply('Back after a reload', 'Welcome back')
    const expected = ['Welcome back', 'Back after a reload', ...before]
    await expect.poll(() => bob.messages(), poll).toEqual(expected)
    await expect.poll(() => alice.messages(), poll).toEqual(expected)

    // A reload of the whole page brings back the same conversation.
    await alice.page.reload()
    await alice.go('Chat Home')
    await alice.row('Open chats', 'Bob Brown').getByRole('button', { name: 'Open chat with Bob Brown' }).click()
    await expect.poll(() => alice.messages(), poll).toEqual(expected)
  })
})
