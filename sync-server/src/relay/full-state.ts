// The whole document as one update, and as the sync step 2 frame that carries it, kept until the
// document next changes. A client that has none of the document (a new device opening a long
// chat) is answered with it, and compaction stores it, so a document that does not change is
// encoded at most once, and not at all when it was loaded from one compacted row.
//
// It does not follow changes incrementally: any transaction that changed the document drops it,
// and the next request encodes the live document again. Merging updates with Y.mergeUpdates
// instead measured 2–5× slower than encoding on a 100k-message chat (1.3 s to merge one update
// into its snapshot against 0.3 s to encode), and grows faster than linearly with the rows.

import * as Y from 'yjs'
import { syncStep2UpdateFrame } from './frames.ts'

export class FullState {
  private update: Uint8Array | null
  private frame: Uint8Array | null = null

  /** `stored`, when given, must hold exactly what `doc` holds (the one row it was loaded from). */
  constructor(
    private readonly doc: Y.Doc,
    stored?: Uint8Array,
  ) {
    this.update = stored ?? null
    doc.on('afterTransaction', this.dropIfChanged)
  }

  /** The document as `Y.encodeStateAsUpdate(doc)` would give it, encoded only after a change. */
  asUpdate(): Uint8Array {
    this.update ??= Y.encodeStateAsUpdate(this.doc)
    return this.update
  }

  /** The sync step 2 frame that answers a client holding nothing of the document. */
  asSyncStep2(): Uint8Array {
    if (!this.frame) {
      const update = this.asUpdate()
      this.frame = syncStep2UpdateFrame(update)
      // Keep one copy: the update is the frame's tail.
      this.update = this.frame.subarray(this.frame.length - update.length)
    }
    return this.frame
  }

  // Transactions that change nothing are common (typing a root type on first use, an update
  // already known), and would drop the stored row a long chat was loaded from.
  private readonly dropIfChanged = (tr: Y.Transaction): void => {
    if (this.update === null || !changedDocument(tr)) return
    this.update = null
    this.frame = null
  }
}

/**
 * Whether a transaction changed what an encoding of the document holds: Yjs content only ever
 * gains structs (a client's clock moves) or deletions. Anything left pending counts as a change
 * too, since Y.encodeStateAsUpdate includes it; a document seldom has any.
 */
function changedDocument(tr: Y.Transaction): boolean {
  const { store } = tr.doc
  if (tr.deleteSet.clients.size > 0 || store.pendingStructs !== null || store.pendingDs !== null) return true
  if (tr.afterState.size !== tr.beforeState.size) return true
  for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true
  return false
}

/**
 * True when a state vector has nothing of `doc` (empty, or only clients the document has never
 * seen), so the diff it asks for is the whole document. Throws on a malformed state vector.
 */
export function coversNothingOf(doc: Y.Doc, stateVector: Uint8Array): boolean {
  for (const [client, clock] of Y.decodeStateVector(stateVector)) {
    if (clock > 0 && Y.getState(doc.store, client) > 0) return false
  }
  return true
}
