// A chat longer than one epoch (PARLEY_EPOCH_MESSAGES is 20 here): a fresh device shows the
// newest messages at once and loads older ones as Alice scrolls to the first; Alice and Bob keep
// chatting through several seals without a gap or a duplicate; a message Alice writes offline
// while Bob moves the head is delivered when she is back and shown once; a reload with no
// network shows the pages she saw before; and Edit is offered only for messages a device holds.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { inboxChats } from '@parley/chat-model'
import { chatRoom, inboxRoom } from '@parley/protocol'
import { connectAcking, connectClient, type Client } from '../support/yclient.ts'
import { newChatDoc, say } from '../support/chat.ts'
import { waitFor } from '../support/wait.ts'
import { axeViolations } from './support/axe.ts'
import { useE2E } from './support/browser.ts'
import type { Person } from './support/person.ts'

const poll = { timeout: 15_000 }
const EPOCH = 20
/** Six full epochs and half of a seventh, written by Bob's CRM integration before anyone looks. */
const BOT_MESSAGES = 130

interface Login {
  token: string
  user: { id: string }
}

const hasDuplicates = (texts: string[]) => new Set(texts).size !== texts.length

describe('a chat of any length', { timeout: 180_000 }, () => {
  const e2e = useE2E({ relayEnv: { PARLEY_EPOCH_MESSAGES: String(EPOCH) } })
  let alice: Person
  let bob: Person
  let bobInbox: Client
  let chatId = ''
  /** Every message text, oldest first, as the conversation should show it. */
  const expected: string[] = []

  /** The chat's head as the relay writes it in Bob's inbox. */
  const head = () => inboxChats(bobInbox.doc).get(chatId)?.head ?? 0

  /** Opens the chat with Bob from Chat Home. */
  const openChat = async (person: Person, other: string) => {
    await person.go('Chat Home')
    await person.homeRow(other).getByRole('button', { name: `Open chat with ${other}` }).click()
    await person.chatWindow(other).waitFor()
  }

  /** Scrolls to the oldest message shown until `count` messages are shown. */
  const scrollToFirst = (person: Person, count: number) =>
    waitFor(async () => {
      const list = person.panel.getByRole('list', { name: 'Messages, newest first' })
      await list.locator(':scope > li').last().scrollIntoViewIfNeeded()
      return (await person.messages()).length >= count
    }, `${person.label} to show ${count} messages`, 30_000)

  // Bob's CRM integration (a stock y-websocket client) writes 130 messages, an epoch at a time:
  // each full epoch is sealed by the relay, and the next goes to the new head.
  beforeAll(async () => {
    const { url } = e2e.relay()
    const login = async (email: string) => {
      const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'parley' }) })
      return (await res.json()) as Login
    }
    const [bobIs, aliceIs] = await Promise.all([login('bob@acme.test'), login('alice@acme.test')])
    const syncUrl = url.replace(/^http/u, 'ws') + '/sync'
    bobInbox = connectClient(syncUrl, inboxRoom(bobIs.user.id), bobIs.token)
    await bobInbox.synced()
    const created = newChatDoc(bobIs.user.id, aliceIs.user.id)
    chatId = created.chatId
    for (let epoch = 0; epoch * EPOCH < BOT_MESSAGES; epoch++) {
      const doc = epoch === 0 ? created.doc : new Y.Doc()
      for (let i = epoch * EPOCH + 1; i <= Math.min((epoch + 1) * EPOCH, BOT_MESSAGES); i++) {
        say(doc, bobIs.user.id, `Bot #${i}`)
        expected.push(`Bot #${i}`)
      }
      const client = connectAcking(syncUrl, chatRoom(chatId, epoch), bobIs.token, doc)
      const mine = Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0
      await waitFor(() => (client.acked().get(doc.clientID) ?? 0) >= mine, `epoch ${epoch} to be stored`)
      client.destroy()
      if (expected.length % EPOCH === 0) await waitFor(() => head() === epoch + 1, `the relay to seal epoch ${epoch}`)
    }
    expect(head()).toBe(Math.floor(BOT_MESSAGES / EPOCH))
  })
  afterAll(() => bobInbox?.destroy())

  it('shows a fresh device the newest messages at once, and older ones as Alice scrolls to the first', async () => {
    // The first page Alice asks for does not get through (a network that drops it): she is told, and retries.
    let dropHistory = true
    alice = await e2e.signIn('alice@acme.test', 'Alice Adams', async (context) => {
      await context.route('**/api/chats/*/history*', (route) => (dropHistory ? route.abort('connectionfailed') : route.fallback()))
    })
    await openChat(alice, 'Bob Brown')
    await expect.poll(async () => (await alice.messages())[0], poll).toBe(`Bot #${BOT_MESSAGES}`)
    await alice.panel.getByText('Older messages could not be loaded.').waitFor()
    expect(await axeViolations(alice.page)).toEqual([])
    dropHistory = false
    await alice.button('Retry').click()
    await alice.panel.getByText('Older messages could not be loaded.').waitFor({ state: 'detached' })
    await expect.poll(async () => (await alice.messages()).length, poll).toBeGreaterThan(BOT_MESSAGES % EPOCH)
    // The head (10 messages) and at most one page of 50: not the whole chat.
    expect((await alice.messages()).length).toBeLessThanOrEqual(60)

    await scrollToFirst(alice, BOT_MESSAGES)
    expect(await alice.messages()).toEqual([...expected].reverse())
    await alice.panel.getByText('Loading older messages…').waitFor({ state: 'detached' })
  })

  it('keeps Alice and Bob chatting through several seals without a gap or a duplicate', async () => {
    bob = await e2e.signIn('bob@acme.test', 'Bob Brown')
    await openChat(bob, 'Alice Adams')
    await expect.poll(async () => (await bob.messages())[0], poll).toBe(`Bot #${BOT_MESSAGES}`)
    const before = head()

    let seen = `Bot #${BOT_MESSAGES}`
    for (let i = 1; i <= 2 * EPOCH + 10; i++) {
      const [writer, text] = i % 2 === 1 ? [alice, `Alice ${i}`] : [bob, `Bob ${i}`]
      await writer.reply(seen, text)
      expected.push(text)
      seen = text
    }
    const newest = [...expected].reverse().slice(0, 2 * EPOCH + 10)
    for (const person of [alice, bob]) {
      await expect.poll(async () => (await person.messages()).slice(0, newest.length), poll).toEqual(newest)
      expect(hasDuplicates(await person.messages())).toBe(false)
    }
    // At least two seals: a message written just after a seal, before its writer heard of it, is
    // a late write into the sealed epoch (accepted there), so the next epoch may fill later.
    await expect.poll(head, poll).toBeGreaterThanOrEqual(before + 2)
  })

  it('delivers a message Alice wrote offline while Bob moved the head, and shows it once', async () => {
    await alice.setOffline(true)
    const headBefore = head()
    for (let i = 1; i <= EPOCH; i++) {
      await bob.send(`Bob while Alice is away ${i}`)
      expected.push(`Bob while Alice is away ${i}`)
    }
    await waitFor(() => head() > headBefore, 'the relay to seal the head Alice knows')
    await alice.send('Written offline')
    await expect.poll(async () => (await alice.marks()).find((m) => m.text === 'Written offline')?.mark, poll).toMatch(/pending/iu)

    await alice.setOffline(false)
    await expect.poll(async () => (await alice.marks()).find((m) => m.text === 'Written offline')?.mark, poll).toMatch(/sent|seen/iu)
    expected.push('Written offline')
    for (const person of [alice, bob]) {
      await expect.poll(async () => (await person.messages()).filter((t) => t === 'Written offline').length, poll).toBe(1)
      await expect.poll(async () => (await person.messages()).filter((t) => t.startsWith('Bob while Alice is away')).length, poll).toBe(EPOCH)
      expect(hasDuplicates(await person.messages())).toBe(false)
    }
  })

  it('keeps a message written offline in an epoch sealed meanwhile across a reload, and delivers it once', async () => {
    await alice.serviceWorkerReady()
    await alice.setOffline(true)
    const headBefore = head()
    for (let i = 1; i <= EPOCH; i++) {
      await bob.send(`Bob again ${i}`)
      expected.push(`Bob again ${i}`)
    }
    await waitFor(() => head() > headBefore, 'the relay to seal the head Alice knows')
    await alice.send('Written offline, then reloaded')
    expected.push('Written offline, then reloaded')
    await alice.reload()
    // Back online with the chat not even open: the outbox sends it to the epoch it was written in.
    await alice.setOffline(false)
    await expect.poll(async () => (await bob.messages()).filter((t) => t === 'Written offline, then reloaded').length, poll).toBe(1)
    await openChat(alice, 'Bob Brown')
    await expect.poll(async () => (await alice.marks()).find((m) => m.text === 'Written offline, then reloaded')?.mark, poll).toMatch(/sent|seen/iu)
    expect((await alice.messages()).filter((t) => t === 'Written offline, then reloaded')).toHaveLength(1)
  })

  it('offers Edit only for messages a device holds, and an edit in an older epoch reaches the other side', async () => {
    // Alice's device holds the epoch of her first live message (she wrote it there), read from
    // IndexedDB since her reload: she edits it, and that epoch connects until the edit is stored.
    const mine = (person: Person, text: string) => person.panel.locator('li.message').filter({ has: person.page.getByText(text, { exact: true }) })
    await mine(alice, 'Alice 1').getByRole('button', { name: 'Edit message' }).click()
    await alice.panel.getByRole('textbox', { name: 'Edit message' }).fill('Alice 1, edited')
    await alice.panel.getByRole('textbox', { name: 'Edit message' }).press('Enter')
    await expect.poll(async () => (await bob.messages()).includes('Alice 1, edited'), poll).toBe(true)
    expected[expected.indexOf('Alice 1')] = 'Alice 1, edited'

    // Bob on a new device: his older messages come from history pages, shown as they are.
    const bobElsewhere = await e2e.signIn('bob@acme.test', 'Bob Brown')
    await openChat(bobElsewhere, 'Alice Adams')
    await scrollToFirst(bobElsewhere, expected.length)
    // "Bob 2" was written epochs ago: this device has it from a page only.
    expect(await mine(bobElsewhere, 'Bob 2').count()).toBe(1)
    expect(await mine(bobElsewhere, 'Bob 2').getByRole('button', { name: 'Edit message' }).count()).toBe(0)
    await bobElsewhere.send('From my other device')
    expected.push('From my other device')
    await mine(bobElsewhere, 'From my other device').getByRole('button', { name: 'Edit message' }).waitFor()
  })

  it('shows the pages Alice saw before after a reload with no network, though the chat moved on since', async () => {
    await alice.serviceWorkerReady()
    await alice.setOffline(true)
    await alice.reload()
    await openChat(alice, 'Bob Brown')
    await scrollToFirst(alice, expected.length)
    const shown = await alice.messages()
    expect(hasDuplicates(shown)).toBe(false)
    expect(new Set(shown)).toEqual(new Set(expected))
    expect(shown.at(-1)).toBe('Bot #1')
    await alice.setOffline(false)
  })
})
