// Alice in two tabs, both offline, both writing in the same chat; then both online. Bob gets
// every message once, both tabs end with his list, each tab's own order is kept, and the two tabs
// wrote with different Yjs client ids: checked on the relay's copy of the chat, read by a stock
// Yjs client, since two tabs sharing one would make the relay drop one tab's messages.

import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { chatRoom } from '@parley/protocol'
import { messagesArray, type Message } from '@parley/chat-model'
import { useE2E } from './support/browser.ts'
import type { Person } from './support/person.ts'
import { connectClient, type Client } from '../support/yclient.ts'

const poll = { timeout: 15_000 }
const fromTab = (tab: 'One' | 'Two') => [1, 2, 3].map((i) => `Tab ${tab}, message ${i}`)

describe('two tabs of the same person, offline and back', { timeout: 90_000 }, () => {
  const e2e = useE2E()
  const clients: Client[] = []
  afterAll(() => clients.forEach((c) => c.destroy()))
  let alice: Person
  let aliceToo: Person
  let bob: Person

  it('lets both of Alice\'s tabs write in the same chat while she is offline', async () => {
    ;[alice, bob] = await Promise.all([e2e.signIn('alice@acme.test', 'Alice Adams'), e2e.signIn('bob@acme.test', 'Bob Brown')])
    await alice.startChatWith('Bob Brown')
    await alice.send('Hello from Alice')
    aliceToo = await e2e.secondTab(alice)
    await aliceToo.go('Chat Home')
    await aliceToo.homeRow('Bob Brown').getByRole('button', { name: 'Open chat with Bob Brown' }).click()
    await expect.poll(() => aliceToo.messages(), poll).toEqual(['Hello from Alice'])
    // The second tab may have the first message from the first tab (BroadcastChannel) before the
    // relay acknowledged it: going offline then would leave it pending too.
    await expect.poll(() => alice.connectionText(), poll).toBe('Online')

    await alice.setOffline(true) // the browser context: both tabs
    for (let i = 0; i < 3; i++) {
      await alice.send(fromTab('One')[i]!)
      await aliceToo.send(fromTab('Two')[i]!)
    }
    await expect.poll(() => alice.connectionText(), poll).toBe('Offline, 3 pending')
    await expect.poll(() => aliceToo.connectionText(), poll).toBe('Offline, 3 pending')
  })

  it('gives Bob every message once when both come back, and both tabs end with his list', async () => {
    await alice.setOffline(false)
    await bob.alert.getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await expect.poll(() => bob.messages().then((m) => m.length), poll).toBe(7)
    const list = await bob.messages()
    expect(new Set(list)).toEqual(new Set(['Hello from Alice', ...fromTab('One'), ...fromTab('Two')]))
    for (const tab of ['One', 'Two'] as const) expect(list.filter((t) => t.startsWith(`Tab ${tab}`)).reverse()).toEqual(fromTab(tab))
    for (const person of [alice, aliceToo]) {
      await expect.poll(() => person.messages(), poll).toEqual(list)
      await expect.poll(() => person.connectionText(), poll).toBe('Online')
    }
  })

  it('wrote from the two tabs with different Yjs client ids', async () => {
    const relay = e2e.relay()
    const login = await fetch(`${relay.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bob@acme.test', password: 'parley' }),
    }).then((r) => r.json() as Promise<{ token: string }>)
    const { chats } = await fetch(`${relay.url}/api/chats`, { headers: { authorization: `Bearer ${login.token}` } }).then(
      (r) => r.json() as Promise<{ chats: Array<{ id: string }> }>,
    )
    const client = connectClient(`${relay.url.replace(/^http/u, 'ws')}/sync`, chatRoom(chats[0]!.id), login.token)
    clients.push(client)
    await client.synced()

    const writers = new Map<string, number>()
    for (let item = messagesArray(client.doc)._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentAny)) continue
      for (const value of item.content.arr as Message[]) writers.set(value.text, item.id.client)
    }
    const one = new Set(fromTab('One').map((text) => writers.get(text)))
    const two = new Set(fromTab('Two').map((text) => writers.get(text)))
    expect(writers.size).toBe(7)
    expect([...one].filter((id) => two.has(id))).toEqual([])
  })
})
