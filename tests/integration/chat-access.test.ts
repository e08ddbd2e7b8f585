// Who gets into a chat: its two members chat both ways; a colleague who is not a member, a
// person of another organization, a stranger without credentials and a cookie sent from a foreign
// page are all refused, with the close codes the protocol names.

import { beforeAll, describe, expect, it } from 'vitest'
import { CloseCode, chatRoom } from '@parley/protocol'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { useRelay } from '../support/fixture.ts'
import type { Login } from '../support/relay.ts'
import { openRawSocket } from '../support/raw-socket.ts'
import { waitFor } from '../support/wait.ts'
import { closedWith, type Client } from '../support/yclient.ts'

const fx = useRelay()
const open = fx.open
let alice: Login, bob: Login, carol: Login, gina: Login

beforeAll(async () => {
  [alice, bob, carol, gina] = await fx.relay.logins('alice@acme.test', 'bob@acme.test', 'carol@acme.test', 'gina@globex.test')
})

describe('a chat between two colleagues', () => {
  let chatId: string
  let a: Client, b: Client

  beforeAll(async () => {
    const created = newChatDoc(alice.user.id, bob.user.id)
    chatId = created.chatId
    a = open(chatRoom(chatId), alice.token, { doc: created.doc })
    await a.synced()
    await waitFor(() => fx.relay.server.chats.get(chatId), 'the chat to be registered')
  })

  it('carries messages both ways', async () => {
    b = open(chatRoom(chatId), bob.token)
    await b.synced()
    say(a.doc, alice.user.id, 'Hi Bob, got a minute?')
    await waitFor(() => texts(b.doc).includes('Hi Bob, got a minute?'), 'Bob to see Alice’s message')
    say(b.doc, bob.user.id, 'Sure, what’s up?')
    await waitFor(() => texts(a.doc).includes('Sure, what’s up?'), 'Alice to see Bob’s reply')
    expect(texts(a.doc)).toEqual(texts(b.doc))
  })

  it('refuses a colleague who is not a member', async () => {
    const c = open(chatRoom(chatId), carol.token)
    expect(await closedWith(c)).toBe(CloseCode.forbidden)
    expect(texts(c.doc)).toEqual([])
  })

  it('refuses a person of another organization', async () => {
    const g = open(chatRoom(chatId), gina.token)
    expect(await closedWith(g)).toBe(CloseCode.forbidden)
    expect(texts(g.doc)).toEqual([])
  })

  it('refuses a connection without credentials or with a bad token', async () => {
    const none = open(chatRoom(chatId), null)
    expect(await closedWith(none)).toBe(CloseCode.unauthorized)
    const bad = open(chatRoom(chatId), 'not-a-token')
    expect(await closedWith(bad)).toBe(CloseCode.unauthorized)
  })

  it('accepts the session cookie from its own origin and refuses it from a foreign one', async () => {
    const url = `${fx.relay.syncUrl}/${chatRoom(chatId)}`
    const cookie = `parley_session=${alice.token}`
    const own = openRawSocket(url, { cookie, origin: fx.relay.url })
    await waitFor(() => own.frames.length > 0, 'the relay to answer a same-origin socket')
    own.ws.close()
    const foreign = openRawSocket(url, { cookie, origin: 'https://evil.example' })
    expect((await foreign.closed).code).toBe(CloseCode.unauthorized)
    expect(foreign.frames).toEqual([])
    const noOrigin = openRawSocket(url, { cookie })
    expect((await noOrigin.closed).code).toBe(CloseCode.unauthorized)
  })

  it('closes an unknown room kind with 4404 and a bad room name too', async () => {
    const unknown = open('files/abc', alice.token)
    expect(await closedWith(unknown)).toBe(CloseCode.unknownRoom)
    const traversal = openRawSocket(`${fx.relay.syncUrl}/chat/..%2F..%2Fetc?token=${alice.token}`)
    expect((await traversal.closed).code).toBe(CloseCode.unknownRoom)
  })

  it('keeps inboxes and presence rooms to their owners', async () => {
    const otherInbox = open(`inbox/${bob.user.id}`, alice.token)
    expect(await closedWith(otherInbox)).toBe(CloseCode.forbidden)
    const otherOrg = open(`presence/${gina.user.orgId}`, alice.token)
    expect(await closedWith(otherOrg)).toBe(CloseCode.forbidden)
  })
})
