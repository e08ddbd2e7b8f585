// Awareness in one room (presence, typing): who speaks for which awareness client id, with what
// bounds, and how long a state stays after its connection drops (the presence grace period).
// Rules: a connection may publish or remove only states of ids it owns, at most `maxIdsPerPeer`
// of them; an id bound in the document to another person (their Yjs client id) is theirs; every
// state names its own user and stays within the size and shape limits (awareness-filter.ts).
// It does not send anything itself: the room passes on what it returns and what `onChange` reports.
// Compact peers (`?presence=compact`, peer.ts) get only news: joins, leaves and states that
// changed, never an unchanged renewal; a renewal of their own that changed nothing is answered
// with an empty awareness message, so that their provider (which reconnects after 30 s without a
// message) keeps the socket. Their liveness is the relay's: it removes whoever stops renewing.
// Across relay processes: what this relay's clients change, and the removals it makes, go out
// through `publish`; states from other relays come in through `applyRemote`. Those are held by
// someone else's client: nobody here may overwrite or remove them, and they expire by y-protocols'
// outdated timeout if their relay stops renewing them.

import * as awarenessProtocol from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { encodeAwareness } from '@parley/protocol'
import { AwarenessProblem, MAX_ENTRIES_PER_MESSAGE, decodeAwarenessUpdate, encodeAwarenessEntries, stateProblem, type AwarenessEntry, type AwarenessLimits } from './awareness-filter.ts'
import { awarenessFrame } from './frames.ts'
import type { Peer } from './peer.ts'

export interface RoomAwarenessOptions {
  limits: AwarenessLimits
  /** How long states of a closed connection stay; 0 removes them at once. */
  graceMs: number
  /** The person a Yjs client id is bound to in the room's document, if any. */
  docOwnerOf(client: number): string | undefined
  /** Called whenever states were added, renewed, changed or removed: each peer gets `awarenessFrameFor` it. */
  onChange(change: AwarenessBroadcast): void
  /** Called with an awareness update for the other relay processes (changes not theirs). */
  publish?(update: Uint8Array): void
}

/** What one change of the room's awareness sends, to stock and to compact peers. */
export interface AwarenessBroadcast {
  /** Every state added, renewed, changed or removed: what stock clients get. */
  all: Uint8Array
  /** The states added, changed or removed (not those only renewed); null when there are none. */
  news: Uint8Array | null
  /** The connection whose message caused it, if any. */
  from: Peer | null
}

/** An awareness update of no states: a compact peer's keepalive, which y-protocols applies as nothing. */
export const KEEPALIVE_FRAME = encodeAwareness(new Uint8Array([0]))

/** The frame `peer` gets for `change`, or null when it gets none. */
export function awarenessFrameFor(peer: Peer, change: AwarenessBroadcast): Uint8Array | null {
  if (!peer.compactAwareness) return change.all
  if (change.news) return change.news
  return peer === change.from ? KEEPALIVE_FRAME : null
}

/** The ids of y-protocols' 'change' and 'update' events. */
interface AwarenessChanges {
  added: number[]
  updated: number[]
  removed: number[]
}

/** The origin of states applied from other relay processes. */
const REMOTE = Symbol('another relay')

export class RoomAwareness {
  readonly awareness: awarenessProtocol.Awareness
  /** Who first published each id in this room: nobody else may ever use it here. */
  private readonly owners = new Map<number, string>()
  /** Ids each connection has published. */
  // An array, not a Set: a peer holds one id (at most maxIdsPerPeer), and an empty Set alone
  // costs a couple of hundred bytes per connection.
  private readonly controlled = new Map<Peer, number[]>()
  /** The connection that speaks for each id now (the newest one to claim it). */
  private readonly holder = new Map<number, Peer>()
  // The two below are null while empty, as they are in most rooms most of the time (an empty Map
  // or Set costs a couple of hundred bytes in every loaded room).
  /** Removals waiting for the grace period of a closed connection. */
  private graceTimers: Map<number, NodeJS.Timeout> | null = null
  /** Ids a client of another relay speaks for now. */
  private remote: Set<number> | null = null
  private destroyed = false
  /** The ids of the 'change' event y-protocols emits just before its 'update' event, if it did. */
  private news: number[] | null = null

  constructor(
    doc: Y.Doc,
    private readonly options: RoomAwarenessOptions,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc)
    this.awareness.setLocalState(null)
    this.awareness.on('change', this.noteNews)
    this.awareness.on('update', this.passOn)
  }

  join(peer: Peer): void {
    this.controlled.set(peer, [])
  }

  /** A frame with every current state, or null when there is none. */
  snapshotFrame(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()]
    return ids.length ? awarenessFrame(this.awareness, ids) : null
  }

  /**
   * Applies what `peer` may publish of an awareness update and drops the rest. Returns a reason
   * when the peer broke a limit (the room then closes it), else null. Throws on malformed input.
   */
  receive(peer: Peer, payload: Uint8Array): string | null {
    const { limits } = this.options
    let entries: AwarenessEntry[]
    try {
      entries = decodeAwarenessUpdate(payload, limits)
    } catch (error) {
      if (error instanceof AwarenessProblem) return error.message
      throw error
    }
    const mine = this.controlled.get(peer)
    if (!mine) return null
    const allowed = entries.filter((entry) => {
      const owner = this.owners.get(entry.clientId) ?? this.options.docOwnerOf(entry.clientId)
      if (owner !== undefined && owner !== peer.userId) return false
      // A state held on another relay is removed there, by whoever holds it.
      if (entry.state === null) return !this.isRemote(entry.clientId)
      return stateProblem(entry.state, peer.userId) === null
    })
    const newIds = new Set(allowed.filter((e) => e.state !== null && !mine.includes(e.clientId)).map((e) => e.clientId))
    if (mine.length + newIds.size > limits.maxIdsPerPeer) return `a connection may publish at most ${limits.maxIdsPerPeer} awareness states`
    const reclaimed = allowed.filter((e) => e.state !== null && this.isRemote(e.clientId)).map((e) => e.clientId)
    for (const entry of allowed) {
      if (entry.state === null) continue
      this.owners.set(entry.clientId, peer.userId)
      this.claim(peer, entry.clientId)
      // A state the relay removed (grace period over) comes back with the clock it had, which
      // the relay and every client ignore as old news. Pass it on one clock later; the sender
      // adopts that clock when the echo reaches it.
      const known = this.awareness.meta.get(entry.clientId)
      if (!this.awareness.states.has(entry.clientId) && known && known.clock >= entry.clock) entry.clock = known.clock + 1
    }
    if (allowed.length) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(allowed), peer)
    // Its person moved here from another relay (with the same state, often): that relay must
    // stop its grace period for the id and treat it as held here.
    if (reclaimed.length) this.forOthers(reclaimed).forEach((update) => this.options.publish?.(update))
    return null
  }

  /**
   * Applies states another relay accepted from its clients (checked there), except for ids a
   * client of this relay speaks for now. Returns a reason when the update was unreadable.
   */
  applyRemote(update: Uint8Array): string | null {
    let entries: AwarenessEntry[]
    try {
      entries = decodeAwarenessUpdate(update, this.options.limits)
    } catch (error) {
      if (error instanceof Error) return error.message
      throw error
    }
    const taken = entries.filter((entry) => !this.holder.has(entry.clientId))
    for (const entry of taken) {
      if (entry.state === null) continue
      const user = (entry.state as { user?: { id?: unknown } }).user?.id
      if (typeof user === 'string') this.owners.set(entry.clientId, user)
      ;(this.remote ??= new Set()).add(entry.clientId)
      // Its person came back on another relay: the grace period here is over.
      this.cancelRemoval(entry.clientId)
      const known = this.awareness.meta.get(entry.clientId)
      if (!this.awareness.states.has(entry.clientId) && known && known.clock >= entry.clock) entry.clock = known.clock + 1
    }
    if (taken.length) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(taken), REMOTE)
    return null
  }

  /** This relay's own states as updates for the other relays (after they may have missed some). */
  ownUpdates(): Uint8Array[] {
    return this.forOthers([...this.awareness.getStates().keys()].filter((id) => !this.isRemote(id)))
  }

  leave(peer: Peer): void {
    // Ids a newer connection has taken over (the client came back before this socket was seen
    // to die) are theirs now, and stay.
    const ids = [...(this.controlled.get(peer) ?? [])].filter((id) => this.holder.get(id) === peer)
    for (const id of ids) this.holder.delete(id)
    this.controlled.delete(peer)
    if (!ids.length || this.destroyed) return
    if (this.options.graceMs > 0) {
      for (const id of ids) this.removeLater(id)
    } else {
      awarenessProtocol.removeAwarenessStates(this.awareness, ids, null)
    }
  }

  destroy(): void {
    this.destroyed = true
    for (const timer of this.graceTimers?.values() ?? []) clearTimeout(timer)
    this.graceTimers = null
    // Other relays show this relay's states until told otherwise (or until they time out).
    const own = [...this.awareness.getStates().keys()].filter((id) => !this.isRemote(id))
    if (own.length) awarenessProtocol.removeAwarenessStates(this.awareness, own, null)
    this.awareness.destroy()
  }

  // y-protocols emits 'change' (states added, removed, or different) right before 'update' (those
  // and the renewals), in the same call; a renewal alone emits 'update' only.
  private readonly noteNews = ({ added, updated, removed }: AwarenessChanges): void => {
    this.news = [...added, ...updated, ...removed]
  }

  private readonly passOn = ({ added, updated, removed }: AwarenessChanges, origin: unknown): void => {
    const peer = origin as Peer
    const mine = this.controlled.get(peer)
    if (mine) {
      for (const id of removed) {
        const at = mine.indexOf(id)
        if (at >= 0) mine.splice(at, 1)
        if (this.holder.get(id) === peer) this.holder.delete(id)
      }
    }
    const changed = [...added, ...updated, ...removed]
    const news = this.news ?? []
    this.news = null
    if (!changed.length) return
    this.options.onChange({
      all: awarenessFrame(this.awareness, changed),
      news: news.length ? awarenessFrame(this.awareness, news) : null,
      from: mine ? peer : null,
    })
    if (origin !== REMOTE && this.options.publish) {
      for (const update of this.forOthers(changed.filter((id) => !this.isRemote(id)))) this.options.publish(update)
    }
    for (const id of removed) this.notRemote(id)
  }

  /** Awareness updates of these ids, each within the entries a message may carry. */
  private forOthers(ids: number[]): Uint8Array[] {
    const updates: Uint8Array[] = []
    for (let i = 0; i < ids.length; i += MAX_ENTRIES_PER_MESSAGE) {
      updates.push(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids.slice(i, i + MAX_ENTRIES_PER_MESSAGE)))
    }
    return updates
  }

  /** `peer` speaks for `id` from now on; a pending removal of it is cancelled. */
  private claim(peer: Peer, id: number): void {
    const mine = this.controlled.get(peer)
    // concat makes an array of the exact size; push, or a spread, reserves 17 slots.
    if (mine && !mine.includes(id)) this.controlled.set(peer, mine.concat(id))
    this.holder.set(id, peer)
    this.notRemote(id)
    this.cancelRemoval(id)
  }

  private isRemote(id: number): boolean {
    return this.remote !== null && this.remote.has(id)
  }

  private notRemote(id: number): void {
    if (this.remote?.delete(id) && this.remote.size === 0) this.remote = null
  }

  private cancelRemoval(id: number): void {
    const timers = this.graceTimers
    const timer = timers?.get(id)
    if (!timers || !timer) return
    clearTimeout(timer)
    timers.delete(id)
    if (timers.size === 0) this.graceTimers = null
  }

  private removeLater(id: number): void {
    this.cancelRemoval(id)
    const timer = setTimeout(() => {
      this.cancelRemoval(id)
      if (!this.destroyed) awarenessProtocol.removeAwarenessStates(this.awareness, [id], null)
    }, this.options.graceMs)
    timer.unref()
    ;(this.graceTimers ??= new Map()).set(id, timer)
  }
}
