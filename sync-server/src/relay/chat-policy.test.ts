// The chat policy on real Yjs updates read by read-update.ts: a chat exists once its document
// holds meta, so the other member may write at once, before any index knows the chat; meta never
// changes after that; and nobody creates a chat with a person who has left. An epoch room has no
// meta and creates nothing, and takes messages by the same rules.

import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { appendMessage, initChat, markRead, metaMap } from '@parley/chat-model'
import type { Directory, User } from '../accounts/accounts.ts'
import { createChatPolicy } from './chat-policy.ts'
import { readClientUpdate } from './read-update.ts'

const NOW = Date.UTC(2026, 10, 29)
const people: Record<string, User> = {
  alice: { id: 'alice', orgId: 'acme', name: 'Alice', email: 'a@acme.test' },
  bob: { id: 'bob', orgId: 'acme', name: 'Bob', email: 'b@acme.test' },
  gone: { id: 'gone', orgId: 'acme', name: 'Gone', email: 'g@acme.test', deactivatedAt: NOW - 1000 },
}
const asked: string[] = []
const directory: Directory = {
  userById: async (id) => {
    asked.push(id)
    return people[id] ?? null
  },
  usersInOrg: async () => Object.values(people),
}
const policy = createChatPolicy({ chatId: 'chat1', directory, maxClockSkewMs: 60_000 })
const epochPolicy = createChatPolicy({ chatId: 'chat1', epoch: 2, directory, maxClockSkewMs: 60_000 })

/** Judges what `write` adds to `client` (a copy of the relay's `doc`), as sent by `userId`. */
async function judge(doc: Y.Doc, userId: string, write: (client: Y.Doc) => void, by = policy) {
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(doc))
  const before = Y.encodeStateVector(client)
  write(client)
  const read = readClientUpdate(doc, Y.encodeStateAsUpdate(client, before))
  const change = { doc, inserts: read.inserts, deletes: read.deletes }
  const ctx = { userId, ownerOf: () => userId, now: NOW }
  const facts = by.facts?.(change, ctx)
  const judgement = by.judge(change, ctx, facts ? await facts : undefined)
  return { judgement, asksDirectory: facts != null, apply: () => Y.applyUpdate(doc, read.update) }
}

const create = (members: string[]) => (d: Y.Doc) => initChat(d, { id: 'chat1', members, createdBy: 'alice', createdAt: NOW })

describe('chat policy', () => {
  it('lets the other member write as soon as the document holds meta', async () => {
    const doc = new Y.Doc()
    const creation = await judge(doc, 'alice', create(['alice', 'bob']))
    expect(creation.judgement).toMatchObject({ ok: true, created: { meta: { id: 'chat1' }, orgId: 'acme' } })
    creation.apply()
    const reply = await judge(doc, 'bob', (d) => appendMessage(d, { id: 'm1', author: 'bob', text: 'hi', at: NOW }))
    expect(reply.judgement).toEqual({ ok: true })
  })

  it('asks the directory about the creator and the members of a creation only', async () => {
    const doc = new Y.Doc()
    asked.length = 0
    const creation = await judge(doc, 'alice', create(['alice', 'bob']))
    expect(creation.asksDirectory).toBe(true)
    expect(asked.sort()).toEqual(['alice', 'bob'])
    creation.apply()
    asked.length = 0
    const reply = await judge(doc, 'bob', (d) => appendMessage(d, { id: 'm1', author: 'bob', text: 'hi', at: NOW }))
    expect(reply.asksDirectory).toBe(false)
    expect(asked).toEqual([])
  })

  it('refuses a creation judged without the directory’s facts', () => {
    const doc = new Y.Doc()
    const client = new Y.Doc()
    create(['alice', 'bob'])(client)
    const read = readClientUpdate(doc, Y.encodeStateAsUpdate(client))
    const judgement = policy.judge({ doc, inserts: read.inserts, deletes: read.deletes }, { userId: 'alice', ownerOf: () => 'alice', now: NOW })
    expect(judgement).toEqual({ ok: false, reason: 'the chat’s people could not be checked' })
  })

  it('refuses content before meta, a change of meta, and a chat with someone who has left', async () => {
    const empty = new Y.Doc()
    expect((await judge(empty, 'bob', (d) => appendMessage(d, { id: 'm1', author: 'bob', text: 'hi', at: NOW }))).judgement).toMatchObject({ ok: false })
    expect((await judge(new Y.Doc(), 'alice', create(['alice', 'gone']))).judgement).toEqual({ ok: false, reason: 'a member has left the organization' })
    const doc = new Y.Doc()
    ;(await judge(doc, 'alice', create(['alice', 'bob']))).apply()
    expect((await judge(doc, 'alice', (d) => metaMap(d).set('members', ['alice', 'gone']))).judgement).toMatchObject({ ok: false })
  })

  it('refuses a message dated past the allowed skew of the relay’s clock', async () => {
    const doc = new Y.Doc()
    ;(await judge(doc, 'alice', create(['alice', 'bob']))).apply()
    expect((await judge(doc, 'bob', (d) => appendMessage(d, { id: 'm2', author: 'bob', text: 'later', at: NOW + 120_000 }))).judgement).toMatchObject({ ok: false })
    expect((await judge(doc, 'bob', (d) => appendMessage(d, { id: 'm3', author: 'bob', text: 'earlier', at: NOW - 86_400_000 }))).judgement).toEqual({ ok: true })
  })

  describe('in an epoch room', () => {
    const say = (id: string, author: string) => (d: Y.Doc) => appendMessage(d, { id, author, text: 'hi', at: NOW })

    it('takes messages and read marks from the start, without meta and without asking the directory', async () => {
      const doc = new Y.Doc()
      const first = await judge(doc, 'bob', say('m1', 'bob'), epochPolicy)
      expect(first).toMatchObject({ judgement: { ok: true }, asksDirectory: false })
      expect(first.judgement).not.toHaveProperty('created')
      first.apply()
      expect((await judge(doc, 'alice', (d) => markRead(d, 'alice', 'm1', NOW), epochPolicy)).judgement).toEqual({ ok: true })
    })

    it('refuses meta (even a complete creation), a message by someone else and another member’s read mark', async () => {
      expect((await judge(new Y.Doc(), 'alice', create(['alice', 'bob']), epochPolicy)).judgement).toEqual({ ok: false, reason: 'an epoch room has no meta' })
      expect((await judge(new Y.Doc(), 'alice', (d) => metaMap(d).set('id', 'chat1'), epochPolicy)).judgement).toEqual({ ok: false, reason: 'an epoch room has no meta' })
      expect((await judge(new Y.Doc(), 'bob', say('m1', 'alice'), epochPolicy)).judgement).toEqual({ ok: false, reason: 'a message must be written by its author' })
      expect((await judge(new Y.Doc(), 'bob', (d) => markRead(d, 'alice', 'm1', NOW), epochPolicy)).judgement).toMatchObject({ ok: false })
      expect((await judge(new Y.Doc(), 'bob', (d) => d.getMap('other').set('x', 1), epochPolicy)).judgement).toMatchObject({ ok: false })
    })
  })
})
