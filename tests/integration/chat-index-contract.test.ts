// One contract for the chat index and the inbox rows waiting for their document, run against
// SQLite and PostgreSQL. Both are written only by document commits (IndexWrites) and read here:
// a chat as registered, a user's chats by latest activity, the newest row per (user, chat), and
// settling that forgets a row only if no newer one replaced it; a chat's head, which only moves
// on, and each epoch's stats, the last written winning.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Backend } from '../../sync-server/src/storage/backend.ts'
import type { IndexWrites } from '../../sync-server/src/storage/doc-store.ts'
import { BACKENDS, inboxRow } from '../support/backends.ts'

const index = (writes: Partial<IndexWrites>): IndexWrites => ({ registered: [], touched: [], waiting: [], sealed: [], epochs: [], ...writes })

for (const make of BACKENDS) {
  const backend = make()
  describe(`Chat index and waiting inbox rows contract: ${backend.name}`, { timeout: 60_000 }, () => {
    let one: Backend, two: Backend
    let orgId: string
    let n = 0
    const person = async (name: string) =>
      (await one.accounts.createUser({ orgId, email: `${name.toLowerCase()}${++n}@chats.test`, name, password: 'password1' })).id
    const register = (id: string, createdBy: string, members: string[], createdAt: number) =>
      one.docs.commit([], index({ registered: [{ id, orgId, createdBy, createdAt, members }] }))
    beforeAll(async () => {
      one = await backend.open()
      two = await backend.open()
      orgId = (await one.accounts.createOrg('Chats')).id
    }, 60_000)
    afterAll(() => backend.close())

    it('gives a registered chat back with its members sorted, and null for an unknown one', async () => {
      const [alice, bob] = [await person('Alice'), await person('Bob')]
      await register('chat-a', bob, [bob, alice], 1000)
      expect(await two.chats.get('chat-a')).toEqual({ id: 'chat-a', orgId, createdBy: bob, createdAt: 1000, lastMessageAt: null, members: [alice, bob].sort(), head: 0 })
      expect(await two.chats.get('nope')).toBeNull()
    })

    it('lists a user’s chats by latest activity (a chat without messages by its start), then by id, up to the limit', async () => {
      const [alice, bob, carol] = [await person('Alice'), await person('Bob'), await person('Carol')]
      await register('list-1', alice, [alice, bob], 1000)
      await register('list-2', alice, [alice, carol], 2000)
      await register('list-3', bob, [alice, bob], 1500)
      await register('list-4', bob, [bob, carol], 9000)
      await two.docs.commit([], index({ touched: [['list-1', 5000], ['list-3', 2000]] }))
      const ids = async (user: string, limit = 25) => (await two.chats.listForUser(user, limit)).map((c) => c.id)
      // list-2 and list-3 are both at 2000: by id.
      expect(await ids(alice)).toEqual(['list-1', 'list-2', 'list-3'])
      expect(await ids(alice, 2)).toEqual(['list-1', 'list-2'])
      expect(await ids(carol)).toEqual(['list-4', 'list-2'])
      expect((await two.chats.listForUser(alice, 1))[0]).toEqual({
        id: 'list-1', orgId, createdBy: alice, createdAt: 1000, lastMessageAt: 5000, members: [alice, bob].sort(), head: 0,
      })
      expect(await ids('nobody')).toEqual([])
    })

    it('keeps the latest message time of a batch and of the past', async () => {
      const alice = await person('Alice')
      await register('touch', alice, [alice], 10)
      await one.docs.commit([], index({ touched: [['touch', 300], ['touch', 200], ['unknown-chat', 5]] }))
      await two.docs.commit([], index({ touched: [['touch', 250]] }))
      expect((await one.chats.get('touch'))?.lastMessageAt).toBe(300)
    })

    it('moves a chat’s head only forward, whichever relay seals first, and lists chats with it', async () => {
      const [alice, bob] = [await person('Alice'), await person('Bob')]
      await register('heads', alice, [alice, bob], 10)
      // Two relays seal the same epoch at once: both write head 1, and a late writer of 1 after 2 changes nothing.
      await Promise.all([one.docs.commit([], index({ sealed: [['heads', 1]] })), two.docs.commit([], index({ sealed: [['heads', 1]] }))])
      expect((await two.chats.get('heads'))?.head).toBe(1)
      await two.docs.commit([], index({ sealed: [['heads', 2], ['heads', 1], ['unknown-chat', 4]] }))
      await one.docs.commit([], index({ sealed: [['heads', 1]] }))
      expect((await one.chats.get('heads'))?.head).toBe(2)
      expect((await two.chats.listForUser(bob, 5)).find((c) => c.id === 'heads')?.head).toBe(2)
    })

    it('keeps one stats row per epoch (the last written wins), listed oldest first', async () => {
      const alice = await person('Alice')
      await register('stats', alice, [alice], 10)
      const last = { id: 'm9', author: alice, text: 'nine', at: 90 }
      const epoch = (n: number, messages: number, lastMessage: typeof last | null = null) => ({ chatId: 'stats', epoch: n, messages, byAuthor: { [alice]: messages, other: 1 }, lastMessage })
      await one.docs.commit([], index({ epochs: [epoch(1, 3), epoch(0, 500, last)] }))
      await two.docs.commit([], index({ epochs: [epoch(1, 4), epoch(1, 5, last)] }))
      expect(await one.chats.epochs('stats')).toEqual([epoch(0, 500, last), epoch(1, 5, last)])
      expect(await two.chats.epochs('nope')).toEqual([])
    })

    it('keeps the newest waiting row per chat, lists them by chat id, and settles only rows not replaced since', async () => {
      const [alice, bob] = [await person('Alice'), await person('Bob')]
      await one.docs.commit([], index({ waiting: [{ userId: alice, row: inboxRow('w-2', 'old') }, { userId: alice, row: inboxRow('w-1', 'one') }, { userId: bob, row: inboxRow('w-1', 'bob') }] }))
      await two.docs.commit([], index({ waiting: [{ userId: alice, row: inboxRow('w-2', 'new') }, { userId: alice, row: inboxRow('w-2', 'newer') }] }))
      expect(await one.pendingRows.waiting(alice)).toEqual([inboxRow('w-1', 'one'), inboxRow('w-2', 'newer')])
      // The inbox moved in "one" and "new", but "newer" replaced "new" meanwhile: it stays.
      await two.pendingRows.settle(alice, [inboxRow('w-1', 'one'), inboxRow('w-2', 'new')])
      expect(await one.pendingRows.waiting(alice)).toEqual([inboxRow('w-2', 'newer')])
      await one.pendingRows.settle(alice, [inboxRow('w-2', 'newer')])
      expect(await one.pendingRows.waiting(alice)).toEqual([])
      expect(await one.pendingRows.waiting(bob)).toEqual([inboxRow('w-1', 'bob')])
      await one.pendingRows.settle(bob, [])
      expect(await one.pendingRows.waiting(bob)).toHaveLength(1)
    })
  })
}
