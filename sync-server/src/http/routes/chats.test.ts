import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { User } from '../../accounts/accounts.ts'
import { NO_INDEX_WRITES, type IndexWrites } from '../../storage/doc-store.ts'
import { createTestApp, type TestApp } from '../test-app.ts'

let t: TestApp
let alice: User
let bob: User
let carol: User
let token: string
beforeEach(async () => {
  t = await createTestApp()
  alice = await t.addUser('Acme', 'alice@acme.test', 'Alice Adams')
  bob = await t.addUser('Acme', 'bob@acme.test', 'Bob Brown')
  carol = await t.addUser('Acme', 'carol@acme.test', 'Carol Clark')
  token = await t.login('alice@acme.test')
})
afterEach(() => t?.close())

/** Writes the chat index as the relay does: in a document commit (here one with no documents). */
const index = (writes: Partial<IndexWrites>) => t.backend.docs.commit([], { ...NO_INDEX_WRITES, ...writes })

const list = (query = '', bearer = token) => t.app.request(`/api/chats${query}`, { headers: { authorization: `Bearer ${bearer}` } })

describe('GET /api/chats', () => {
  it('lists the caller\'s chats, most recent activity first, with the other members\' names', async () => {
    await index({
      registered: [
        { id: 'chat-old', orgId: alice.orgId, createdBy: alice.id, createdAt: 1_000, members: [alice.id, bob.id] },
        { id: 'chat-new', orgId: alice.orgId, createdBy: carol.id, createdAt: 2_000, members: [carol.id, alice.id] },
        { id: 'chat-not-mine', orgId: alice.orgId, createdBy: bob.id, createdAt: 3_000, members: [bob.id, carol.id] },
      ],
    })
    // A message in the older chat makes it the most recent activity.
    await index({ touched: [['chat-old', 5_000]] })

    const res = await list()
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      chats: [
        { id: 'chat-old', with: [{ id: bob.id, name: 'Bob Brown' }], startedBy: alice.id, startedAt: 1_000, lastMessageAt: 5_000, head: 0 },
        { id: 'chat-new', with: [{ id: carol.id, name: 'Carol Clark' }], startedBy: carol.id, startedAt: 2_000, lastMessageAt: null, head: 0 },
      ],
    })
  })

  it('returns 25 by default and honours limit', async () => {
    for (let i = 0; i < 30; i++) {
      await index({ registered: [{ id: `chat-${String(i).padStart(2, '0')}`, orgId: alice.orgId, createdBy: alice.id, createdAt: 1_000 + i, members: [alice.id, bob.id] }] })
    }
    const all = (await (await list()).json()) as { chats: { id: string }[] }
    expect(all.chats).toHaveLength(25)
    expect(all.chats[0]?.id).toBe('chat-29')
    const three = (await (await list('?limit=3')).json()) as { chats: { id: string }[] }
    expect(three.chats.map((c) => c.id)).toEqual(['chat-29', 'chat-28', 'chat-27'])
    expect(((await (await list('?limit=100')).json()) as { chats: unknown[] }).chats).toHaveLength(30)
  })

  it('refuses a limit outside 1..100 or not a whole number with 400 invalid_query', async () => {
    for (const limit of ['0', '101', '-1', '1.5', 'abc', '', '1e2', ' 5', '0x10', '1000']) {
      const res = await list(`?limit=${encodeURIComponent(limit)}`)
      expect(res.status, limit).toBe(400)
      expect(await res.json(), limit).toEqual({ error: 'invalid_query', message: expect.any(String) })
    }
  })

  it('is empty for someone with no chats', async () => {
    expect(await (await list('', await t.login('carol@acme.test'))).json()).toEqual({ chats: [] })
  })
})
