// Inbox rows for people who are not connected: a chat's messages change both members' rows, but
// the relay loads nobody's inbox document to write them. The rows wait in SQLite and move into the
// inbox when its owner connects, with the unread count taken from what the owner has seen.

import { beforeAll, describe, expect, it } from 'vitest'
import { inboxChats, inboxState, setInboxState } from '@parley/chat-model'
import { chatRoom, inboxRoom } from '@parley/protocol'
import { newChatDoc, say } from '../support/chat.ts'
import { useRelay } from '../support/fixture.ts'
import { startTestRelay, type Login } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient, type Client } from '../support/yclient.ts'

const fx = useRelay({ roomIdleMs: 50 })
let alice: Login, dave: Login, erin: Login

beforeAll(async () => {
  ;[alice, dave, erin] = await fx.relay.logins('alice@acme.test', 'dave@acme.test', 'erin@acme.test')
})

const open = fx.open
const waitingRows = (userId: string) =>
  fx.relay.server.db.prepare('SELECT chat_id AS chatId, row FROM pending_inbox_rows WHERE user_id = ?').all(userId) as Array<{ chatId: string; row: string }>
const loadedRooms = () => fx.relay.server.relay.rooms.size

describe('inbox rows of people who are not connected', () => {
  let chatId: string
  let writer: Client
  let daveInbox: Client
  let doc: ReturnType<typeof newChatDoc>['doc']

  it('are kept in SQLite, newest per chat, without loading either inbox', async () => {
    ;({ doc, chatId } = newChatDoc(alice.user.id, dave.user.id))
    say(doc, alice.user.id, 'Dave, are you around this week?')
    writer = open(chatRoom(chatId), alice.token, { doc })
    await writer.synced()
    await waitFor(() => waitingRows(dave.user.id).length === 1, 'Dave’s row to wait in SQLite')
    say(doc, alice.user.id, 'The Henderson file needs a look.')
    await waitFor(() => JSON.parse(waitingRows(dave.user.id)[0]?.row ?? '{}').messageCount === 2, 'the row to follow the second message')

    expect(waitingRows(alice.user.id).map((r) => r.chatId)).toEqual([chatId])
    expect(waitingRows(dave.user.id)).toHaveLength(1) // one row per chat, replaced, not appended
    expect(loadedRooms()).toBe(1) // the chat only: no inbox document was loaded to write rows
  })

  it('move into the inbox when its owner connects, and leave SQLite once stored there', async () => {
    const inbox = (daveInbox = open(inboxRoom(dave.user.id), dave.token))
    const row = await waitFor(() => inboxChats(inbox.doc).get(chatId), 'the chat in Dave’s inbox')
    expect(row).toMatchObject({ messageCount: 2, fromOthers: 2, unread: 2, startedBy: alice.user.id })
    expect(row.lastMessage?.text).toBe('The Henderson file needs a look.')
    await waitFor(() => waitingRows(dave.user.id).length === 0, 'the waiting row to be forgotten')

    // While the inbox is loaded, rows go straight into it.
    setInboxState(inbox.doc, chatId, { open: true, seen: 2, updatedAt: Date.now() })
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.unread === 0, 'the relay to clear the unread count')
    say(doc, alice.user.id, 'No rush.')
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.unread === 1, 'the third message, unread')
    expect(waitingRows(dave.user.id)).toEqual([])
  })

  it('count as unread only what the owner had not seen when the rows waited', async () => {
    const inbox = daveInbox
    await waitFor(() => inboxState(inbox.doc).get(chatId)?.seen === 2, 'Dave’s seen mark to be set')
    setInboxState(inbox.doc, chatId, { open: true, seen: 3, updatedAt: Date.now() })
    await waitFor(() => inboxChats(inbox.doc).get(chatId)?.unread === 0, 'the relay to clear the unread count')
    const roomsWithInbox = loadedRooms()
    inbox.destroy()
    await waitFor(() => loadedRooms() < roomsWithInbox, 'Dave’s idle inbox to be unloaded')

    say(doc, alice.user.id, 'One more thing.')
    say(doc, alice.user.id, 'And another.')
    await waitFor(() => JSON.parse(waitingRows(dave.user.id)[0]?.row ?? '{}').messageCount === 5, 'the rows to wait again')

    const back = open(inboxRoom(dave.user.id), dave.token)
    await waitFor(() => inboxChats(back.doc).get(chatId)?.messageCount === 5, 'the newest row in Dave’s inbox')
    expect(inboxChats(back.doc).get(chatId)?.unread).toBe(2)
  })
})

describe('an inbox opened just after a message', () => {
  it('gets the row the relay still owed to its next commit (relay/side-writes.ts)', async () => {
    const { doc, chatId } = newChatDoc(alice.user.id, erin.user.id)
    say(doc, alice.user.id, 'Erin, quick one.')
    const writer = open(chatRoom(chatId), alice.token, { doc })
    await writer.synced()
    const stored = () => fx.relay.server.db.prepare('SELECT count(*) AS n FROM doc_updates WHERE room = ?').get(chatRoom(chatId)) as { n: number }
    await waitFor(() => stored().n > 0, 'the message to be stored')
    // The message only marks the chat: its rows are computed when the side writes are handed
    // over, up to 200 ms later; Erin's inbox loads meanwhile and must not miss hers.
    const inbox = open(inboxRoom(erin.user.id), erin.token)
    const row = await waitFor(() => inboxChats(inbox.doc).get(chatId), 'the chat in Erin’s inbox', 3000)
    expect(row.lastMessage?.text).toBe('Erin, quick one.')
  })
})

describe('a relay that stops just after a message', () => {
  it('stores the rows it still owed for that message before it stops', async () => {
    const own = await startTestRelay({ roomIdleMs: 60_000 })
    try {
      const [a, d] = await own.logins('alice@acme.test', 'dave@acme.test')
      const { doc, chatId } = newChatDoc(a.user.id, d.user.id)
      say(doc, a.user.id, 'Before you go home.')
      const writer = connectClient(own.syncUrl, chatRoom(chatId), a.token, { doc })
      await writer.synced()
      const stored = () => own.server.db.prepare('SELECT count(*) AS n FROM doc_updates WHERE room = ?').get(chatRoom(chatId)) as { n: number }
      await waitFor(() => stored().n > 0, 'the message to be stored')
      // Within the 200 ms in which its rows are owed, not yet computed.
      writer.destroy()
      await own.restart()
      const rows = own.server.db.prepare('SELECT row FROM pending_inbox_rows WHERE user_id = ? AND chat_id = ?').all(d.user.id, chatId) as Array<{ row: string }>
      expect(rows.map((r) => JSON.parse(r.row).messageCount)).toEqual([1])
    } finally {
      await own.close()
    }
  })
})
