// The Yjs item id (client, clock) of every value in a Y.Array, found by walking its items. A
// chat message's id in the conversation is its own `id` field; its Yjs id is what the relay's
// acknowledgements speak of. Kept in the state layer: components never see Yjs ids.

import * as Y from 'yjs'

export interface ItemId {
  client: number
  clock: number
}

/** Calls `visit` with each live value of `array` in order, and the Yjs id it was written with. */
export function forEachItem<T>(array: Y.Array<T>, visit: (value: unknown, id: ItemId) => void): void {
  for (let item = array._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue
    // Every value of a list item (ContentAny) takes one clock tick, in order.
    const values = item.content.getContent() as unknown[]
    for (let i = 0; i < values.length; i++) visit(values[i], { client: item.id.client, clock: item.id.clock + i })
  }
}
