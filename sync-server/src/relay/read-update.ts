// Reads a client's update against the room's document before anything is applied: what it
// inserts (with the root type and key each item lands in) and which live items it deletes. It
// refuses an update that Yjs could not integrate whole and at once, so that the relay never keeps
// anything pending on a client's behalf:
// - a struct or deletion that refers to state the document does not have (Yjs would hold it back
//   and apply it later, inside somebody else's update, where it would be judged as theirs);
// - Skip structs (gaps), a client's structs out of order or in two runs, dependency cycles;
// - clocks past MAX_CLOCK (a GC struct of length 2^53 costs a few bytes).
// It does not judge who may write what: that is the room's policy, given what this returns.
// A refusal says whether the relay merely lacks something ('behind': a client's structs start
// after what the document has of it, or an item or deletion names a clock it has not seen), which
// catching up may cure (doc-room.ts), or whether the update is wrong in itself.

import * as Y from 'yjs'

/** Highest clock (exclusive) a client may reach in one document: far above any real use. */
export const MAX_CLOCK = 2 ** 31

/** An item the update inserts. */
export interface Insert {
  client: number
  clock: number
  /** The root type it lands in, or null for a nested type or an unresolvable parent. */
  rootKey: string | null
  /** Its key in a map, or null in an array. */
  parentSub: string | null
  /** The plain values it carries; null when its content is anything but plain values. */
  values: readonly unknown[] | null
}

/** An item alive in the document (or inserted by this update) that the update deletes. */
export interface Deletion {
  client: number
  clock: number
  rootKey: string | null
  /** True when the item is one this same update inserts. */
  ownInsert: boolean
}

/** A client update, read and checked against the document. */
export interface ClientUpdate {
  /** The part of the update the document does not have yet (what is applied and stored). */
  update: Uint8Array
  inserts: Insert[]
  deletes: Deletion[]
  /** Every client id whose structs the update carries (GC structs included). */
  clients: Set<number>
  /** Nothing new at all: no structs, and no deletion of anything alive. */
  empty: boolean
}

/** Why an update cannot be read; the room turns it into a close code. */
export class UpdateProblem extends Error {
  override name = 'UpdateProblem'
  constructor(
    /**
     * 'behind': the document lacks state the update needs (of `client`); 'pending': Yjs would keep
     * part of it pending whatever the document had (a Skip struct, a cycle); 'malformed': wrong in itself.
     */
    readonly kind: 'malformed' | 'pending' | 'behind',
    message: string,
    /** With 'behind': the client id whose state the document lacks. */
    readonly client: number | null = null,
  ) {
    super(message)
  }
}

type Struct = Y.Item | Y.GC | Y.Skip

interface Run {
  start: number
  end: number
  structs: Struct[]
}

type Parent = { rootKey: string | null; parentSub: string | null }
const NO_PARENT: Parent = Object.freeze({ rootKey: null, parentSub: null })

/**
 * Reads `update` against `doc` (which it does not change). Throws UpdateProblem when the update
 * is malformed or depends on state the document does not have; a decoding error is thrown as is.
 */
export function readClientUpdate(doc: Y.Doc, raw: Uint8Array): ClientUpdate {
  const store = doc.store
  let update = raw
  let decoded = Y.decodeUpdate(update)
  // Drop what the document already has: a sync step 2 may repeat items of other people that are
  // no news here, and those must not count against the sender. The usual update starts where
  // the document's clocks stand and needs no diff (the per-message hot path).
  if (decoded.structs.some((s) => s.id.clock < Y.getState(store, s.id.client))) {
    update = Y.diffUpdate(raw, Y.encodeStateVector(doc))
    decoded = Y.decodeUpdate(update)
  }
  const runs = readRuns(decoded.structs as Struct[], store)
  const available = (client: number): number => runs.get(client)?.end ?? Y.getState(store, client)

  const parents = new ParentResolver(doc, runs, available)
  const inserts: Insert[] = []
  for (const run of runs.values()) {
    for (const struct of run.structs) {
      if (!(struct instanceof Y.Item)) continue
      const parent = parents.of(struct)
      inserts.push({ client: struct.id.client, clock: struct.id.clock, rootKey: parent.rootKey, parentSub: parent.parentSub, values: plainValues(struct) })
    }
  }
  const deletes = readDeletions(decoded.ds, doc, runs, available, parents)
  return { update, inserts, deletes, clients: new Set(runs.keys()), empty: runs.size === 0 && deletes.length === 0 }
}

/** Groups structs by client, checking each client's are one contiguous run from its state. */
function readRuns(structs: readonly Struct[], store: Y.Doc['store']): Map<number, Run> {
  const runs = new Map<number, Run>()
  let current: Run | null = null
  let currentClient = -1
  for (const struct of structs) {
    const { client, clock } = struct.id
    if (struct instanceof Y.Skip) throw new UpdateProblem('pending', 'the update has a gap (a skip struct)')
    if (struct.length < 1) throw new UpdateProblem('malformed', 'a struct of length 0')
    if (clock + struct.length > MAX_CLOCK) throw new UpdateProblem('malformed', `a clock past ${MAX_CLOCK}`)
    if (client !== currentClient) {
      if (runs.has(client)) throw new UpdateProblem('malformed', 'a client’s structs come in two runs')
      const state = Y.getState(store, client)
      if (clock !== state) throw new UpdateProblem('behind', 'the update starts after what the relay has of a client', client)
      current = { start: clock, end: clock, structs: [] }
      runs.set(client, current)
      currentClient = client
    }
    if (clock !== current!.end) throw new UpdateProblem('malformed', 'a client’s structs are not contiguous')
    current!.structs.push(struct)
    current!.end = clock + struct.length
  }
  return runs
}

/** Finds the root type and key of each inserted item, as Yjs will when it integrates it. */
class ParentResolver {
  private readonly resolved = new Map<Y.Item, Parent>()

  constructor(
    private readonly doc: Y.Doc,
    private readonly runs: Map<number, Run>,
    private readonly available: (client: number) => number,
  ) {}

  /**
   * An item with a left or right origin takes its parent from that neighbour (the left one
   * first), which may itself be new in this update; others name their parent. Walks the chain
   * without recursion (a chain of offline messages can be thousands long) and refuses a cycle,
   * which Yjs would leave pending.
   */
  of(item: Y.Item): Parent {
    const chain: Y.Item[] = []
    const onChain = new Set<Y.Item>()
    let cursor: Y.Item = item
    let found: Parent | undefined
    for (;;) {
      const known = this.resolved.get(cursor)
      if (known) {
        found = known
        break
      }
      this.checkReferences(cursor)
      if (cursor.origin === null && cursor.rightOrigin === null) {
        found = this.named(cursor)
        chain.push(cursor)
        break
      }
      chain.push(cursor)
      onChain.add(cursor)
      const neighbour = this.lookup((cursor.origin ?? cursor.rightOrigin)!)
      if (!(neighbour instanceof Y.Item)) {
        found = NO_PARENT // Yjs garbage-collects an item whose neighbour is gone
        break
      }
      if (this.isNew(neighbour)) {
        if (onChain.has(neighbour)) throw new UpdateProblem('pending', 'the update’s items depend on each other in a cycle')
        cursor = neighbour
        continue
      }
      found = parentOfIntegrated(neighbour)
      break
    }
    for (const each of chain) this.resolved.set(each, found)
    return found
  }

  /** Every ID an item refers to must be in the document or earlier in this update. */
  private checkReferences(item: Y.Item): void {
    for (const ref of [item.origin, item.rightOrigin, item.parent instanceof Y.ID ? item.parent : null]) {
      if (ref === null) continue
      const limit = ref.client === item.id.client ? item.id.clock : this.available(ref.client)
      if (ref.clock >= limit) throw new UpdateProblem('behind', 'the update refers to items the relay does not have', ref.client)
    }
  }

  private named(item: Y.Item): Parent {
    const parent = item.parent as unknown
    if (typeof parent === 'string') return { rootKey: parent, parentSub: item.parentSub }
    return NO_PARENT // a nested type (an ID), which no Parley document has
  }

  private isNew(struct: Struct): boolean {
    const run = this.runs.get(struct.id.client)
    return run !== undefined && struct.id.clock >= run.start
  }

  /** The struct holding `id`, in this update or in the document. */
  lookup(id: Y.ID): Struct | null {
    const run = this.runs.get(id.client)
    if (run && id.clock >= run.start) return run.structs[findIn(run.structs, id.clock)] ?? null
    const structs = this.doc.store.clients.get(id.client)
    if (!structs || id.clock >= Y.getState(this.doc.store, id.client)) return null
    return structs[Y.findIndexSS(structs, id.clock)] ?? null
  }
}

const findIn = (structs: readonly Struct[], clock: number): number => {
  let lo = 0
  let hi = structs.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const s = structs[mid]!
    if (clock < s.id.clock) hi = mid - 1
    else if (clock >= s.id.clock + s.length) lo = mid + 1
    else return mid
  }
  return -1
}

/** Root type and key of an item already in the document. */
function parentOfIntegrated(item: Y.Item): Parent {
  const parent = item.parent
  if (!(parent instanceof Y.AbstractType) || parent._item !== null) return NO_PARENT
  return { rootKey: Y.findRootTypeKey(parent), parentSub: item.parentSub }
}

function readDeletions(ds: ReturnType<typeof Y.decodeUpdate>['ds'], doc: Y.Doc, runs: Map<number, Run>, available: (client: number) => number, parents: ParentResolver): Deletion[] {
  const deletions: Deletion[] = []
  for (const [client, ranges] of ds.clients) {
    const run = runs.get(client)
    for (const { clock, len } of ranges) {
      if (len < 1 || clock + len > available(client)) {
        throw new UpdateProblem('behind', 'the update deletes items the relay does not have', client)
      }
      for (let at = clock; at < clock + len; ) {
        const struct = parents.lookup(Y.createID(client, at))
        if (struct === null) throw new UpdateProblem('behind', 'the update deletes items the relay does not have', client)
        const ownInsert = run !== undefined && at >= run.start
        if (struct instanceof Y.Item && (ownInsert || !struct.deleted)) {
          const parent = ownInsert ? parents.of(struct) : parentOfIntegrated(struct)
          deletions.push({ client, clock: struct.id.clock, rootKey: parent.rootKey, ownInsert })
        }
        at = struct.id.clock + struct.length
      }
    }
  }
  return deletions
}

/** The plain values an item carries, or null when its content is anything but ContentAny. */
function plainValues(item: Y.Item): unknown[] | null {
  if (item.content instanceof Y.ContentAny) return item.content.arr
  if (item.content instanceof Y.ContentDeleted) return []
  return null
}
