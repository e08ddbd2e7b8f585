// Alice and Bob sign in, see each other online, and Alice starts a chat; Bob's icon flashes,
// "Someone wants to Chat!" names Alice, he opens the chat and his badge counts it.

import { describe, expect, it } from 'vitest'
import { useE2E } from './support/browser.ts'
import type { Person } from './support/person.ts'
import type { BrowserContext } from 'playwright-core'

/** Delays what the relay sends on chat rooms, so that the sync handshake of a new chat is slow. */
const slowChatReplies = (ms: number) => async (context: BrowserContext) => {
  await context.routeWebSocket(/\/sync\/chat\//u, (socket) => {
    const relay = socket.connectToServer()
    socket.onMessage((message) => relay.send(message))
    relay.onMessage((message) => void setTimeout(() => socket.send(message), ms))
  })
}

const poll = { timeout: 10_000 }

describe('starting a chat', { timeout: 60_000 }, () => {
  const e2e = useE2E()
  let alice: Person
  let bob: Person

  it('shows Alice and Bob each other online in "Start a chat"', async () => {
    ;[alice, bob] = await Promise.all([e2e.signIn('alice@acme.test', 'Alice Adams'), e2e.signIn('bob@acme.test', 'Bob Brown')])
    expect(await alice.openCount()).toBe(0)

    await alice.go('Start a chat')
    await alice.row('Online', 'Bob Brown').getByRole('button', { name: 'Chat', exact: true }).waitFor()
    await alice.row('Offline', 'Carol Clark').getByRole('button', { name: 'Message', exact: true }).waitFor()
    expect(await alice.row('Online', 'Bob Brown').getByText('online', { exact: true }).count()).toBe(1)

    await bob.go('Start a chat')
    await bob.row('Online', 'Alice Adams').getByRole('button', { name: 'Chat', exact: true }).waitFor()
    expect(await bob.list('Online').getByText('Gina Green').count()).toBe(0) // another organization
  })

  it('keeps the rows of "Start a chat" when the people of the organization are asked again, so that a click on one is never lost', async () => {
    const button = await alice.row('Online', 'Bob Brown').getByRole('button', { name: 'Chat', exact: true }).elementHandle()
    // Coming back online asks the relay for the people again; the answer lists the same people.
    const answered = alice.page.waitForResponse((response) => new URL(response.url()).pathname === '/api/users')
    await alice.page.evaluate(() => window.dispatchEvent(new Event('online')))
    await answered
    await alice.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)))
    expect(await button!.evaluate((node) => node.isConnected)).toBe(true)
  })

  it('lets Alice start a chat with Bob, with the focus in the message field', async () => {
    await alice.row('Online', 'Bob Brown').getByRole('button', { name: 'Chat', exact: true }).click()
    await alice.chatWindow('Bob Brown').waitFor()
    await alice.panel.getByText('Started', { exact: false }).waitFor()
    await expect.poll(() => alice.messageField.evaluate((el) => el === document.activeElement), poll).toBe(true)
    await alice.page.keyboard.type('Hi Bob, got a minute for the Henderson placement?')
    await alice.page.keyboard.press('Enter')
    await expect.poll(() => alice.messages(), poll).toEqual(['Hi Bob, got a minute for the Henderson placement?'])
    await expect.poll(() => alice.openCount(), poll).toBe(1)
  })

  it('flashes Bob\'s icon and alerts him; he opens the chat and his badge counts it', async () => {
    await expect.poll(() => bob.isCalling(), poll).toBe(true)
    await bob.alert.waitFor()
    await bob.alert.getByText('Alice Adams').waitFor()
    await expect.poll(() => bob.openCount(), poll).toBe(1)

    await bob.alert.getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await bob.chatWindow('Alice Adams').waitFor()
    await expect.poll(() => bob.messages(), poll).toEqual(['Hi Bob, got a minute for the Henderson placement?'])
    await bob.alert.waitFor({ state: 'detached' })
    expect(await bob.isCalling()).toBe(false)
    expect(await bob.chatIcon.getAttribute('aria-label')).toBe('Chats, 1 open')
    expect(await bob.chatIcon.innerText()).toContain('1')

    // Opened and read: Chat Home lists it as open, with nothing unread.
    await bob.go('Chat Home')
    await bob.row('Open chats', 'Alice Adams').getByRole('button', { name: 'Open chat with Alice Adams' }).waitFor()
  })

  it('creates the chat even when the first message is sent before the first sync is done', async () => {
    const [dave, erin] = await Promise.all([
      e2e.signIn('dave@acme.test', 'Dave Davis', slowChatReplies(1500)),
      e2e.signIn('erin@acme.test', 'Erin Evans'),
    ])
    await dave.startChatWith('Erin Evans')
    await dave.send('Quick one: are you free at 3?')
    await erin.alert.getByText('Quick one: are you free at 3?').waitFor()
    expect(await dave.panel.getByRole('alert').count()).toBe(0)
  })
})
