// Reading a client update against a document: where each inserted item lands, which live items
// it deletes, and the updates it refuses because Yjs would keep part of them pending.

import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { UpdateProblem, readClientUpdate } from './read-update.ts'

const CONTENT_ANY = 8
const HAS_ORIGIN = 0x80

/** A v1 update of single-value items, each `[client, clock, origin]`, hand-encoded. */
function itemsWithOrigins(items: Array<{ client: number; origin: [number, number] }>): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, items.length)
  for (const item of items) {
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint(e, item.client)
    encoding.writeVarUint(e, 0)
    encoding.writeUint8(e, CONTENT_ANY | HAS_ORIGIN)
    encoding.writeVarUint(e, item.origin[0])
    encoding.writeVarUint(e, item.origin[1])
    encoding.writeVarUint(e, 1)
    encoding.writeAny(e, { text: 'x' })
  }
  encoding.writeVarUint(e, 0)
  return encoding.toUint8Array(e)
}

describe('readClientUpdate', () => {
  it('finds the root type of items chained by origins, 5,000 long, without recursion', () => {
    const client = new Y.Doc()
    const messages = client.getArray('messages')
    for (let i = 0; i < 5000; i++) messages.push([{ text: `m${i}` }])
    const read = readClientUpdate(new Y.Doc(), Y.encodeStateAsUpdate(client))
    expect(read.inserts.length).toBeGreaterThan(0)
    expect(new Set(read.inserts.map((i) => i.rootKey))).toEqual(new Set(['messages']))
    expect(read.inserts.flatMap((i) => i.values ?? [])).toHaveLength(5000)
  })

  it('lists the live items an update deletes, and not those already deleted', () => {
    const server = new Y.Doc()
    const client = new Y.Doc()
    client.getArray('messages').push([{ text: 'a' }, { text: 'b' }])
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client))
    client.getArray('messages').delete(0, 1)
    const once = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server))
    const read = readClientUpdate(server, once)
    expect(read.deletes).toEqual([{ client: client.clientID, clock: 0, rootKey: 'messages', ownInsert: false }])
    Y.applyUpdate(server, once)
    expect(readClientUpdate(server, once).empty).toBe(true)
  })

  it('refuses items whose origins form a cycle (Yjs would leave both pending)', () => {
    const cycle = itemsWithOrigins([
      { client: 1, origin: [2, 0] },
      { client: 2, origin: [1, 0] },
    ])
    expect(() => readClientUpdate(new Y.Doc(), cycle)).toThrow(UpdateProblem)
    expect(() => readClientUpdate(new Y.Doc(), cycle)).toThrow(/cycle/)
  })

  it('refuses an item whose origin the document lacks, and one that starts after its client’s clock', () => {
    expect(() => readClientUpdate(new Y.Doc(), itemsWithOrigins([{ client: 1, origin: [9, 3] }]))).toThrow(/does not have/)
    const client = new Y.Doc()
    const messages = client.getArray('messages')
    messages.push([{ text: 'first' }])
    const sv = Y.encodeStateVector(client)
    messages.push([{ text: 'second' }])
    expect(() => readClientUpdate(new Y.Doc(), Y.encodeStateAsUpdate(client, sv))).toThrow(/starts after/)
  })
})
