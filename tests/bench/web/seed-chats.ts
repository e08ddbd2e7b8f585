// Seeds a running relay with Alice's long chats for the web reload benchmark: `chats` one-to-one
// chats with Acme colleagues, `messages` in all, written by stock y-websocket clients as each
// member in turns of a few messages (one Yjs item per turn, as a real conversation stores them),
// then every chat marked read on Alice's side. It does not touch a browser.

import * as Y from 'yjs'
import { appendMessage, initChat, inboxChats, inboxState, newChatId, newMessageId, readMessages, setInboxState, type Message } from '@parley/chat-model'
import { chatRoom, inboxRoom } from '@parley/protocol'
import { waitFor } from '../../support/wait.ts'
import { connectClient, type Client } from '../../support/yclient.ts'
import { TEAM_PEOPLE } from '../../e2e/support/team.ts'

export interface SeedSize {
  chats: number
  /** Messages over all chats, spread evenly. */
  messages: number
}

export interface Login {
  token: string
  user: { id: string; name: string; email: string }
}

/** Messages each member writes in one go before the other answers. */
const TURN = 5
/** Chats seeded at once: each is two connections, and the machine is shared. */
const AT_ONCE = 8

export async function login(relayUrl: string, email: string): Promise<Login> {
  const res = await fetch(`${relayUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'parley' }) })
  if (!res.ok) throw new Error(`login ${email}: ${res.status}`)
  return (await res.json()) as Login
}

/** The colleagues Alice talks to: the four demo ones, then the team's (enough for 40 chats). */
export const partnerEmails = (chats: number): string[] => {
  const emails = [...['bob', 'carol', 'dave', 'erin'].map((n) => `${n}@acme.test`), ...TEAM_PEOPLE.map((p) => p.email)]
  if (chats > emails.length) throw new Error(`at most ${emails.length} chats, asked for ${chats}`)
  return emails.slice(0, chats)
}

const text = (chat: number, n: number, mine: boolean) =>
  mine
    ? `Message ${n + 1} about shortlist ${chat + 1}: could you send the notes from the last call and the client's feedback?`
    : `Reply ${n + 1} on shortlist ${chat + 1}: notes attached, the candidate is available for a second interview on Thursday.`

/** Writes one chat of `count` messages, Alice and `other` taking turns; resolves once both have all of it. */
async function seedChat(syncUrl: string, alice: Login, other: Login, index: number, count: number, clients: Client[], now: number): Promise<string> {
  const chatId = newChatId()
  const start = now - 3 * 24 * 3_600_000 - index * 60_000
  const doc = new Y.Doc()
  initChat(doc, { id: chatId, members: [alice.user.id, other.user.id], createdBy: alice.user.id, createdAt: start })
  const a = connectClient(syncUrl, chatRoom(chatId), alice.token, { doc })
  clients.push(a)
  await a.synced()
  const b = connectClient(syncUrl, chatRoom(chatId), other.token)
  clients.push(b)
  await b.synced()
  for (let written = 0, turn = 0; written < count; turn++) {
    const mine = turn % 2 === 0
    const [writer, reader] = mine ? [a, b] : [b, a]
    const author = mine ? alice.user.id : other.user.id
    const batch = Math.min(TURN, count - written)
    writer.doc.transact(() => {
      for (let i = 0; i < batch; i++) {
        const message: Message = { id: newMessageId(), author, text: text(index, written + i, mine), at: start + (written + i) * 60_000 }
        appendMessage(writer.doc, message)
      }
    })
    written += batch
    await waitFor(() => readMessages(reader.doc).length === written, `chat ${index + 1} to reach ${written} messages`)
  }
  return chatId
}

/**
 * Seeds Alice's chats and marks them all read and open for her. The relay must hold the
 * colleagues already (see `addColleagues`). Returns the chat ids, in the order of `partnerEmails`.
 */
export async function seedChats(relayUrl: string, size: SeedSize, now = Date.now()): Promise<string[]> {
  const syncUrl = relayUrl.replace(/^http/, 'ws') + '/sync'
  const alice = await login(relayUrl, 'alice@acme.test')
  // One at a time: the relay checks at most 4 passwords at once per address.
  const others: Login[] = []
  for (const email of partnerEmails(size.chats)) others.push(await login(relayUrl, email))
  const perChat = (i: number) => Math.floor(size.messages / size.chats) + (i < size.messages % size.chats ? 1 : 0)
  const clients: Client[] = []
  const chatIds: string[] = []
  try {
    for (let from = 0; from < others.length; from += AT_ONCE) {
      const ids = await Promise.all(others.slice(from, from + AT_ONCE).map((other, k) => seedChat(syncUrl, alice, other, from + k, perChat(from + k), clients, now)))
      chatIds.push(...ids)
      for (const client of clients.splice(0)) client.destroy()
    }
    const inbox = connectClient(syncUrl, inboxRoom(alice.user.id), alice.token)
    clients.push(inbox)
    await waitFor(() => inbox.provider.synced && chatIds.every((id) => inboxChats(inbox.doc).has(id)), 'Alice’s inbox to list every chat', 30_000)
    inbox.doc.transact(() => {
      for (const id of chatIds) setInboxState(inbox.doc, id, { open: true, seen: inboxChats(inbox.doc).get(id)!.fromOthers, updatedAt: now })
    })
    // A fresh reader proves the relay stored the read state (it stores before it answers).
    const check = connectClient(syncUrl, inboxRoom(alice.user.id), alice.token)
    clients.push(check)
    await waitFor(() => check.provider.synced && inboxState(check.doc).size === chatIds.length, 'Alice’s read state on the relay', 30_000)
  } finally {
    for (const client of clients) client.destroy()
  }
  return chatIds
}
