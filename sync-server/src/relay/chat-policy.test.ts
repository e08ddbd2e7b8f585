// The chat policy on real Yjs updates read by read-update.ts: a chat exists once its document
// holds meta, so the other member may write at once, before any index knows the chat; meta never
// changes after that; and nobody creates a chat with a person who has left.

import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { appendMessage, initChat, metaMap } from '@parley/chat-model'
import type { Directory, User } from '../accounts/accounts.ts'
import { createChatPolicy } from './chat-policy.ts'
import { readClientUpdate } from './read-update.ts'

const NOW = Date.UTC(2026, 10, 29)
const people: Record<string, User> = {
  alice: { id: 'alice', orgId: 'acme', name: 'Alice', email: 'a@acme.test' },
  bob: { id: 'bob', orgId: 'acme', name: 'Bob', email: 'b@acme.test' },
  gone: { id: 'gone', orgId: 'acme', name: 'Gone', email: 'g@acme.test', deactivatedAt: NOW - 1000 },
}
const directory: Directory = { userById: (id) => people[id] ?? null, usersInOrg: () => Object.values(people) }
const policy = createChatPolicy({ chatId: 'chat1', directory, maxClockSkewMs: 60_000 })

/** Judges what `write` adds to `client` (a copy of the relay's `doc`), as sent by `userId`. */
function judge(doc: Y.Doc, userId: string, write: (client: Y.Doc) => void) {
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(doc))
  const before = Y.encodeStateVector(client)
  write(client)
  const read = readClientUpdate(doc, Y.encodeStateAsUpdate(client, before))
  const judgement = policy.judge({ doc, inserts: read.inserts, deletes: read.deletes }, { userId, ownerOf: () => userId, now: NOW })
  return { judgement, apply: () => Y.applyUpdate(doc, read.update) }
}

const create = (members: string[]) => (d: Y.Doc) => initChat(d, { id: 'chat1', members, createdBy: 'alice', createdAt: NOW })

describe('chat policy', () => {
  it('lets the other member write as soon as the document holds meta', () => {
    const doc = new Y.Doc()
    const creation = judge(doc, 'alice', create(['alice', 'bob']))
    expect(creation.judgement).toMatchObject({ ok: true, created: { id: 'chat1' } })
    creation.apply()
    const reply = judge(doc, 'bob', (d) => appendMessage(d, { id: 'm1', author: 'bob', text: 'hi', at: NOW }))
    expect(reply.judgement).toEqual({ ok: true })
  })

  it('refuses content before meta, a change of meta, and a chat with someone who has left', () => {
    const empty = new Y.Doc()
    expect(judge(empty, 'bob', (d) => appendMessage(d, { id: 'm1', author: 'bob', text: 'hi', at: NOW })).judgement).toMatchObject({ ok: false })
    expect(judge(new Y.Doc(), 'alice', create(['alice', 'gone'])).judgement).toEqual({ ok: false, reason: 'a member has left the organization' })
    const doc = new Y.Doc()
    judge(doc, 'alice', create(['alice', 'bob'])).apply()
    expect(judge(doc, 'alice', (d) => metaMap(d).set('members', ['alice', 'gone'])).judgement).toMatchObject({ ok: false })
  })

  it('refuses a message dated past the allowed skew of the relay’s clock', () => {
    const doc = new Y.Doc()
    judge(doc, 'alice', create(['alice', 'bob'])).apply()
    expect(judge(doc, 'bob', (d) => appendMessage(d, { id: 'm2', author: 'bob', text: 'later', at: NOW + 120_000 })).judgement).toMatchObject({ ok: false })
    expect(judge(doc, 'bob', (d) => appendMessage(d, { id: 'm3', author: 'bob', text: 'earlier', at: NOW - 86_400_000 })).judgement).toEqual({ ok: true })
  })
})
