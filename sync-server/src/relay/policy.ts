// What a room lets a connection write. The room applies a client's update in one transaction and
// asks its policy to judge what that transaction inserted and deleted; a refused transaction is
// never stored or passed on, and the room is reloaded from storage.
//
// Helpers here read Yjs' struct store directly: an update alone does not say which type an item
// belongs to (items with an origin omit their parent), the integrated document does.

import * as Y from 'yjs'

export interface PolicyContext {
  /** The user whose connection sent the update. */
  readonly userId: string
  /** The user a Yjs client id is bound to in this room, including bindings this update makes. */
  ownerOf(client: number): string | undefined
}

export type Judgement = { ok: true; created?: unknown } | { ok: false; reason: string }
export const OK: Judgement = Object.freeze({ ok: true })
export const refuse = (reason: string): Judgement => ({ ok: false, reason })

export interface RoomPolicy {
  /** False for rooms that carry awareness only: any non-empty update is refused. */
  readonly acceptsUpdates: boolean
  /** Judges a transaction of a client's update, after it was applied and before it is kept. */
  judge(tr: Y.Transaction, ctx: PolicyContext): Judgement
}

/** Calls `fn` for every struct the transaction added to the document. */
export function forEachInserted(tr: Y.Transaction, fn: (struct: Y.Item | Y.GC) => void): void {
  const store = tr.doc.store
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0
    if (after <= before) continue
    const structs = store.clients.get(client)
    if (!structs) continue
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i]!
      if (struct.id.clock >= after) break
      fn(struct as Y.Item | Y.GC)
    }
  }
}

/** Calls `fn` for every item the transaction deleted (items that were alive before it). */
export function forEachDeleted(tr: Y.Transaction, fn: (item: Y.Item) => void): void {
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    if (struct instanceof Y.Item) fn(struct)
  })
}

/** Name of the root type an item belongs to, or null when its parent is a nested type. */
export function rootKeyOf(item: Y.Item): string | null {
  const parent = item.parent
  if (!(parent instanceof Y.AbstractType) || parent._item !== null) return null
  return Y.findRootTypeKey(parent)
}

/** The plain values an item carries, or null when its content is anything but ContentAny. */
export function plainValues(item: Y.Item): unknown[] | null {
  if (item.content instanceof Y.ContentAny) return item.content.arr
  if (item.content instanceof Y.ContentDeleted) return []
  return null
}
