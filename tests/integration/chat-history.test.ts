// History pages on a real relay: a chat written by stock clients through several epochs is read
// back page by page, every sealed message exactly once and in order, each with its epoch; only
// members may read it; a malformed cursor is refused; a late write to a sealed epoch shows on the
// next request; an unchanged page answers 304 to its ETag.

import { beforeAll, describe, expect, it } from 'vitest'
import { readHistoryPage, type Message } from '@parley/chat-model'
import { chatRoom } from '@parley/protocol'
import { newChatDoc, say } from '../support/chat.ts'
import { useRelay } from '../support/fixture.ts'
import type { Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import type { Client } from '../support/yclient.ts'

const EPOCH = 5
const fx = useRelay({ epochMessages: EPOCH })
let alice: Login, bob: Login, carol: Login

beforeAll(async () => {
  ;[alice, bob, carol] = await fx.relay.logins('alice@acme.test', 'bob@acme.test', 'carol@acme.test')
})

const open = fx.open
const headOf = async (chatId: string) => (await fx.relay.server.chats.get(chatId))?.head ?? -1

interface Page {
  chatId: string
  head: number
  messages: Array<Message & { epoch: number }>
  before: string | null
}
const get = (chatId: string, query: string, token: string, headers: Record<string, string> = {}) =>
  fetch(`${fx.relay.url}/api/chats/${chatId}/history${query}`, { headers: { authorization: `Bearer ${token}`, ...headers } })

/** Every page from the newest on, following `before` until it is null. */
async function readAll(chatId: string, limit: number, token = bob.token) {
  const pages: Page[] = []
  let query = `?limit=${limit}`
  for (;;) {
    const res = await get(chatId, query, token)
    expect(res.status).toBe(200)
    const page = (await res.json()) as Page
    pages.push(page)
    if (page.before === null) return pages
    query = `?limit=${limit}&before=${encodeURIComponent(page.before)}`
  }
}

describe('history pages of a chat of several epochs', () => {
  let chatId: string
  let zero: Client
  const sealed: string[] = []

  beforeAll(async () => {
    const created = newChatDoc(alice.user.id, bob.user.id)
    chatId = created.chatId
    zero = open(chatRoom(chatId), alice.token, { doc: created.doc })
    await zero.synced()
    // Three sealed epochs written by both members in turn, then two messages in the head.
    for (let epoch = 0; epoch < 4; epoch++) {
      const writers = epoch === 0 ? [zero, open(chatRoom(chatId), bob.token)] : [open(chatRoom(chatId, epoch), alice.token), open(chatRoom(chatId, epoch), bob.token)]
      for (const w of writers) await w.synced()
      const count = epoch === 3 ? 2 : EPOCH
      for (let i = 0; i < count; i++) {
        const [writer, who] = i % 2 ? [writers[1]!, bob] : [writers[0]!, alice]
        const text = `e${epoch} #${i}`
        say(writer.doc, who.user.id, text)
        await waitFor(() => writers.every((w) => w.doc.getArray<Message>('messages').toArray().some((m) => m.text === text)), `${text} to reach both`)
        if (epoch < 3) sealed.push(text)
      }
      if (epoch < 3) await waitFor(async () => (await headOf(chatId)) === epoch + 1, `the head to move to ${epoch + 1}`)
    }
  })

  it('returns every sealed message exactly once, oldest first within and across pages', async () => {
    for (const limit of [4, 5, 100]) {
      const pages = await readAll(chatId, limit)
      const texts = pages.reverse().flatMap((page) => page.messages.map((m) => m.text))
      expect(texts, `limit ${limit}`).toEqual(sealed)
      expect(pages.every((page) => page.head === 3 && page.chatId === chatId && page.messages.length <= limit)).toBe(true)
    }
    const [newest] = await readAll(chatId, 3)
    expect(newest!.messages.map((m) => [m.text, m.epoch])).toEqual([['e2 #2', 2], ['e2 #3', 2], ['e2 #4', 2]])
    expect(newest!.messages[0]).toMatchObject({ author: alice.user.id })
    // Every message the relay serves passes the clients' schema.
    expect(readHistoryPage(newest)).toEqual(newest)
  })

  it('is for members only: anyone else gets the 404 of an unknown chat', async () => {
    const res = await get(chatId, '', carol.token)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: 'not_found' })
    expect((await get('no-such-chat', '', bob.token)).status).toBe(404)
    expect((await fetch(`${fx.relay.url}/api/chats/${chatId}/history`)).status).toBe(401)
  })

  it('refuses a malformed cursor or limit with 400 invalid_query', async () => {
    for (const query of ['?before=x', '?before=1', '?before=0.1.2', '?before=3.0', '?before=-1.2', '?limit=0', '?limit=101', '?before=0.1&before=0.2']) {
      const res = await get(chatId, query, bob.token)
      expect(res.status, query).toBe(400)
      expect(await res.json()).toMatchObject({ error: 'invalid_query' })
    }
  })

  it('shows a late write to a sealed epoch on the next request, and answers 304 while nothing changed', async () => {
    const first = await get(chatId, '?limit=100', bob.token)
    const etag = first.headers.get('etag')!
    expect(first.headers.get('cache-control')).toBe('private, no-cache')
    expect((await get(chatId, '?limit=100', bob.token, { 'if-none-match': etag })).status).toBe(304)
    say(zero.doc, alice.user.id, 'late in epoch 0')
    await waitFor(async () => (await get(chatId, '?limit=100', bob.token, { 'if-none-match': etag })).status === 200, 'the page to change')
    const texts = (await readAll(chatId, 4)).reverse().flatMap((page) => page.messages.map((m) => m.text))
    expect(texts).toEqual([...sealed.slice(0, EPOCH), 'late in epoch 0', ...sealed.slice(EPOCH)])
  })

  it('gives an empty last page for a chat that never sealed', async () => {
    const created = newChatDoc(alice.user.id, bob.user.id)
    say(created.doc, alice.user.id, 'short')
    const writer = open(chatRoom(created.chatId), alice.token, { doc: created.doc })
    await writer.synced()
    await waitFor(() => fx.relay.server.chats.get(created.chatId), 'the chat to be registered')
    const res = await get(created.chatId, '', bob.token)
    expect(await res.json()).toEqual({ chatId: created.chatId, head: 0, messages: [], before: null })
  })

  it('lists the head with each chat in GET /api/chats', async () => {
    const res = await fetch(`${fx.relay.url}/api/chats`, { headers: { authorization: `Bearer ${bob.token}` } })
    const { chats } = (await res.json()) as { chats: Array<{ id: string; head: number }> }
    expect(chats.find((c) => c.id === chatId)?.head).toBe(3)
  })
})
