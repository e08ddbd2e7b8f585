// Chat indexing around one room: whoever created the chat (a client here, or another relay
// process through the bus), anyone in the room who is not a member is closed once it appears; and
// a message's side-table writes (last message time, rows for inboxes not loaded here) go into the
// next document commit.

import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { CloseCode } from '@parley/protocol'
import { appendMessage, initChat } from '@parley/chat-model'
import type { Directory, User } from '../accounts/accounts.ts'
import { createLogger } from '../log.ts'
import { createChatIndexing } from './chat-indexing.ts'
import { createChatPolicy } from './chat-policy.ts'
import { TestPeer, room } from './doc-room-fixture.ts'
import { updateFrame } from './frames.ts'

const NOW = Date.now()
const people: Record<string, User> = {
  alice: { id: 'alice', orgId: 'acme', name: 'Alice', email: 'a@acme.test' },
  bob: { id: 'bob', orgId: 'acme', name: 'Bob', email: 'b@acme.test' },
}
const directory: Directory = { userById: async (id) => people[id] ?? null, usersInOrg: async () => Object.values(people) }

function indexedRoom() {
  const r = room({ policy: createChatPolicy({ chatId: 'chat1', directory, maxClockSkewMs: 60_000 }) })
  const indexing = createChatIndexing({
    chats: { get: async () => null, listForUser: async () => [], epochs: async () => [] },
    pendingRows: { waiting: async () => [], settle: async () => {} },
    directory,
    log: createLogger('silent'),
    afterCommit: (fn) => r.committer.afterCommit(fn),
    index: (writes) => r.committer.index(writes),
  })
  indexing.attachChat(r.docRoom, 'chat1')
  return r
}

const creation = (clientID: number) => {
  const doc = new Y.Doc()
  doc.clientID = clientID
  initChat(doc, { id: 'chat1', members: ['alice', 'bob'], createdBy: 'alice', createdAt: NOW })
  return { doc, update: Y.encodeStateAsUpdate(doc) }
}

describe('chat indexing', () => {
  it('closes non-members when the chat arrives from another relay process', async () => {
    const { docRoom, release } = indexedRoom()
    const alice = new TestPeer('alice')
    const eve = new TestPeer('eve')
    docRoom.join(alice)
    docRoom.join(eve)
    docRoom.receiveBusUpdate(creation(1).update)
    await release()
    expect(eve.closed).toBe(CloseCode.forbidden)
    expect(alice.closed).toBeNull()
  })

  it('writes the last message time and the members’ waiting rows into the next commit', async () => {
    const { docRoom, indexed, release } = indexedRoom()
    const alice = new TestPeer('alice')
    docRoom.join(alice)
    const { doc, update } = creation(1)
    docRoom.receive(alice, updateFrame(update))
    await release()
    await release()
    const before = Y.encodeStateVector(doc)
    appendMessage(doc, { id: 'm1', author: 'alice', text: 'hello', at: NOW })
    docRoom.receive(alice, updateFrame(Y.encodeStateAsUpdate(doc, before)))
    await release()
    await release()
    const touched = indexed.flatMap((writes) => writes.touched)
    const waiting = indexed.flatMap((writes) => writes.waiting)
    expect(touched).toContainEqual(['chat1', NOW])
    expect(waiting.filter((w) => w.row.messageCount === 1).map((w) => w.userId).sort()).toEqual(['alice', 'bob'])
  })
})
