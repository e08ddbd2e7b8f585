// A busy organization for the browser tests, seeded through the relay's own parts: 39 more
// colleagues written into Acme Recruiting's accounts before the relay starts (5 demo people + 39 =
// 44), then 40 chats of Alice's written by stock y-websocket clients as each member, with messages
// spread over the last days. It never touches the demo seed that `npm start` shows.

import * as Y from 'yjs'
import { appendMessage, inboxChats, inboxState, initChat, newChatId, newMessageId, setInboxState, type Message } from '@parley/chat-model'
import { chatRoom, inboxRoom } from '@parley/protocol'
import { createSqliteAccounts } from '../../../sync-server/src/accounts/sqlite-accounts.ts'
import { openDatabase } from '../../../sync-server/src/storage/database.ts'
import { waitFor } from '../../support/wait.ts'
import { connectClient, type Client } from '../../support/yclient.ts'

export const TEAM_ORG = 'Acme Recruiting'
const FIRST = ['Nora', 'Omar', 'Priya', 'Quentin', 'Rosa', 'Sanjay', 'Tara', 'Umar', 'Vera', 'Wes', 'Xavi', 'Yara', 'Zane', 'Amara', 'Bruno', 'Chloé', 'Diego', 'Esme', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Keiko', 'Lars', 'Mina', 'Nico', 'Olga', 'Pablo', 'Rhea', 'Soren', 'Tomás', 'Ulla', 'Viktor', 'Wanda']
const LAST = ['Okafor', 'Lindqvist', 'Nakamura', 'Moreau', 'Castillo', 'Patel', 'Schmidt', 'Haddad', 'Novak', 'Kowalski', 'Fernández', 'Ibrahim']

/** The colleagues added to the demo five; a few with names that test the layout and search. */
export const TEAM_PEOPLE: ReadonlyArray<{ name: string; email: string }> = [
  { name: 'Maximiliana Featherstonehaugh-Worthington de la Cruz', email: 'maximiliana.featherstonehaugh-worthington@acme.test' },
  { name: 'José Álvarez', email: 'jose@acme.test' },
  { name: 'ليلى حداد', email: 'layla@acme.test' },
  { name: 'Ivan Banerjee', email: 'ivan@acme.test' },
  ...FIRST.map((first, i) => ({ name: `${first} ${LAST[i % LAST.length]!}`, email: `${first.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}@acme.test` })),
]

/** Alice's chats: the four demo colleagues and 36 of the new ones. */
export const TEAM_CHATS = 40
export const HOUR = 3_600_000
export const DAY = 24 * HOUR
/** A message longer than a screen, for "Show more". */
export const LONG_TEXT = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} of the quarterly shortlist review, with every candidate we spoke to and why.`).join(' ')
export const ARABIC_TEXT = 'مرحبا! هل وصل العقد؟'

/** Writes the extra colleagues into the data folder's database (before the relay opens it). */
export const seedTeamAccounts = (dataDir: string) => addColleagues(dataDir, TEAM_PEOPLE)

/**
 * Adds people to the organization in the data folder's database, as the admin command does; the
 * relay may be running (SQLite in WAL mode takes a second writer).
 */
export async function addColleagues(dataDir: string, people: ReadonlyArray<{ name: string; email: string }>): Promise<void> {
  const db = openDatabase(dataDir)
  try {
    const accounts = createSqliteAccounts(db, { scryptCost: 1024 })
    const org = await accounts.orgByName(TEAM_ORG) ?? await accounts.createOrg(TEAM_ORG)
    for (const person of people) {
      if (!await accounts.userByEmail(person.email)) await accounts.createUser({ orgId: org.id, email: person.email, name: person.name, password: 'parley' }, { allowShortPassword: true })
    }
  } finally {
    db.close()
  }
}

interface Login {
  token: string
  user: { id: string; name: string; email: string }
}

async function login(relayUrl: string, email: string): Promise<Login> {
  const res = await fetch(`${relayUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'parley' }) })
  if (!res.ok) throw new Error(`login ${email}: ${res.status}`)
  return (await res.json()) as Login
}

export interface SeededChat {
  chatId: string
  other: Login['user']
}

/** What the messages of chat `index` are: some from days ago, the newest ones within hours. */
function script(index: number, alice: string, other: string, now: number): { mine: Message[]; theirs: Message[] } {
  const start = now - (4 - (index % 4)) * DAY - index * 7 * 60_000
  const msg = (author: string, text: string, at: number): Message => ({ id: newMessageId(), author, text, at })
  const mine = [
    msg(alice, `Hi! About the role we discussed (${index + 1}): do you have the shortlist for the client review on Thursday, with the notes from the last two calls?`, start),
    msg(alice, 'No rush, whenever you can.', start + 60_000),
  ]
  const reply = index === 1 ? LONG_TEXT : index === 2 ? ARABIC_TEXT : `Yes, I'll send it over this afternoon with the interview notes (${index + 1}).`
  const theirs = [msg(other, reply, start + 2 * HOUR), msg(other, `Update ${index + 1}: the candidate accepted the second interview.`, Math.min(now - 5 * 60_000, start + DAY + index * 60_000))]
  return { mine, theirs }
}

/**
 * Alice's 40 chats, each started by her with messages from both sides over the last days; all
 * of them read on her side, so that a test decides what is new.
 */
export async function seedTeamChats(relayUrl: string, now = Date.now()): Promise<{ alice: Login['user']; chats: SeededChat[] }> {
  const syncUrl = relayUrl.replace(/^http/, 'ws') + '/sync'
  const alice = await login(relayUrl, 'alice@acme.test')
  const others = [...['bob', 'carol', 'dave', 'erin'].map((n) => `${n}@acme.test`), ...TEAM_PEOPLE.map((p) => p.email)].slice(0, TEAM_CHATS)
  // One at a time: the relay checks at most 4 passwords at once per address (429 past that).
  const logins: Login[] = []
  for (const email of others) logins.push(await login(relayUrl, email))
  const clients: Client[] = []
  const chats: SeededChat[] = []
  try {
    // A few at a time: each chat is two connections, and the machine is shared.
    for (let from = 0; from < logins.length; from += 8) {
      await Promise.all(
        logins.slice(from, from + 8).map(async (other, offset) => {
          const index = from + offset
          const chatId = newChatId()
          const { mine, theirs } = script(index, alice.user.id, other.user.id, now)
          const doc = new Y.Doc()
          doc.transact(() => {
            initChat(doc, { id: chatId, members: [alice.user.id, other.user.id], createdBy: alice.user.id, createdAt: mine[0]!.at })
            for (const m of mine) appendMessage(doc, m)
          })
          const a = connectClient(syncUrl, chatRoom(chatId), alice.token, { doc })
          clients.push(a)
          await a.synced()
          await waitFor(() => a.provider.wsconnected && a.provider.synced, 'Alice’s chat to sync')
          const b = connectClient(syncUrl, chatRoom(chatId), other.token)
          clients.push(b)
          await b.synced()
          await waitFor(() => b.doc.getArray('messages').length === mine.length, 'the colleague to see Alice’s messages')
          b.doc.transact(() => theirs.forEach((m) => appendMessage(b.doc, m)))
          await waitFor(() => a.doc.getArray('messages').length === mine.length + theirs.length, 'Alice to see the replies')
          chats[index] = { chatId, other: other.user }
        }),
      )
    }
    // Everything read on Alice's side: her client writes the seen counts, as the app does.
    const inbox = connectClient(syncUrl, inboxRoom(alice.user.id), alice.token)
    clients.push(inbox)
    await inbox.synced()
    await waitFor(() => chats.every((c) => inboxChats(inbox.doc).get(c.chatId)?.fromOthers === 2), 'Alice’s inbox to list every chat', 20_000)
    inbox.doc.transact(() => {
      for (const c of chats) setInboxState(inbox.doc, c.chatId, { open: true, seen: 2, updatedAt: now })
    })
    await waitFor(() => inboxState(inbox.doc).size === chats.length && !inbox.provider.ws?.bufferedAmount, 'Alice’s read state to be sent')
    // The relay stores before it answers; a fresh reader proves it has everything.
    const check = connectClient(syncUrl, inboxRoom(alice.user.id), alice.token)
    clients.push(check)
    await waitFor(() => check.provider.synced && inboxState(check.doc).size === chats.length, 'Alice’s read state on the relay', 20_000)
  } finally {
    for (const client of clients) client.destroy()
  }
  return { alice: alice.user, chats }
}
