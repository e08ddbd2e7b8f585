// One loaded document and the peers connected to it: answers sync, judges each client update
// with the room's policy, stores what it accepts (through the committer) and only then passes it
// on. Awareness is relayed to every peer, filtered so that nobody can speak for somebody else.
//
// A client that holds nothing of the document is answered from a cached encoding of all of it
// (full-state.ts), so fresh clients of a long chat do not each cost a full encode.
//
// A refused or undecodable update has already been applied to the in-memory document when it is
// judged (Yjs cannot judge an item before integrating it), so the room is then "poisoned": it
// stops, and the room manager throws it away and reloads it from storage on next use.

import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { CloseCode, MessageType, encodeAck } from '@parley/protocol'
import type { StoredDoc } from '../storage/doc-store.ts'
import type { Logger } from '../log.ts'
import { allowedAwareness, decodeAwarenessUpdate, encodeAwarenessEntries } from './awareness-filter.ts'
import type { Bus } from './bus.ts'
import type { Committer } from './committer.ts'
import { awarenessFrame, syncStep1Frame, syncStep2Frame, updateFrame } from './frames.ts'
import { FullState, coversNothingOf } from './full-state.ts'
import { BUS, RELAY, RELAY_USER, STORAGE, isOrigin, type Origin } from './origins.ts'
import type { Peer } from './peer.ts'
import type { Judgement, RoomPolicy } from './policy.ts'

/** A message the room refuses; the connection that sent it is closed with `code`. */
export class RoomError extends Error {
  override name = 'RoomError'
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(reason)
  }
}

/** A change that is stored: what room listeners (the inbox writer) hear about. */
export interface StoredChange {
  origin: Origin
  transaction: Y.Transaction
  /** The change as stored. */
  update: Uint8Array
  /** Set when this change created the document (the policy's `created`). */
  created?: unknown
}

export interface RoomOptions {
  name: string
  policy: RoomPolicy
  committer: Committer
  bus: Bus
  log: Logger
  /** How long awareness states of a closed connection stay (presence rooms); 0 removes them at once. */
  awarenessGraceMs: number
  onPoisoned(room: DocRoom): void
  onEmpty(room: DocRoom): void
}

interface Judging {
  peer: Peer
  origin: Origin
  binds: Map<number, string>
  judgement: Judgement | null
}

export class DocRoom {
  readonly name: string
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness: awarenessProtocol.Awareness
  readonly peers = new Set<Peer>()
  poisoned = false
  destroyed = false

  private readonly owners: Map<number, string>
  private readonly awarenessOwners = new Map<number, string>()
  private readonly controlled = new Map<Peer, Set<number>>()
  /** The peer that speaks for each awareness client id now (the newest connection to claim it). */
  private readonly holder = new Map<number, Peer>()
  private readonly origins = new Map<Peer, Origin>()
  private readonly graceTimers = new Map<number, NodeJS.Timeout>()
  private readonly listeners: Array<(change: StoredChange) => void> = []
  private readonly unsubscribeBus: () => void
  private judging: Judging | null = null
  private readonly fullState: FullState

  constructor(
    private readonly options: RoomOptions,
    stored: StoredDoc,
  ) {
    this.name = options.name
    this.owners = new Map(stored.clients)
    if (stored.updates.length) {
      this.doc.transact(() => {
        for (const update of stored.updates) Y.applyUpdate(this.doc, update, STORAGE)
      }, STORAGE)
    }
    // One stored row is a compacted snapshot (or the document's only update): exactly its content.
    this.fullState = new FullState(this.doc, stored.updates.length === 1 ? stored.updates[0] : undefined)
    this.doc.on('afterTransaction', this.judgeTransaction)
    this.doc.on('update', this.storeAndPassOn)
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.relayAwareness)
    this.unsubscribeBus = options.bus.subscribe(this.name, (update) => Y.applyUpdate(this.doc, update, BUS))
  }

  /** Listens to every change once it is stored, before it is passed on to peers. */
  onStored(listener: (change: StoredChange) => void): void {
    this.listeners.push(listener)
  }

  /** The whole document as one update; encoded only if it changed since it was last asked for. */
  stateAsUpdate(): Uint8Array {
    return this.fullState.asUpdate()
  }

  /** Writes as the relay (inbox rows), under a client id no person has ever used here. */
  transactAsRelay(fn: () => void): void {
    const owner = this.owners.get(this.doc.clientID)
    if (owner !== undefined && owner !== RELAY_USER) this.doc.clientID = freshClientId(this.owners)
    this.doc.transact(fn, RELAY)
  }

  join(peer: Peer): void {
    this.peers.add(peer)
    this.controlled.set(peer, new Set())
    this.origins.set(peer, Object.freeze({ kind: 'connection', id: peer.id, userId: peer.userId }))
    const step1 = syncStep1Frame(this.doc)
    const states = [...this.awareness.getStates().keys()]
    const presence = states.length ? awarenessFrame(this.awareness, states) : null
    const ack = peer.wantsAck ? encodeAck(Y.encodeStateVector(this.doc)) : null
    this.options.committer.afterCommit(() => {
      peer.send(step1)
      if (presence) peer.send(presence)
      if (ack) peer.send(ack)
    })
  }

  leave(peer: Peer): void {
    if (!this.peers.delete(peer)) return
    // Ids a newer connection has taken over (the client came back before this socket was seen
    // to die) are theirs now, and stay.
    const ids = [...(this.controlled.get(peer) ?? [])].filter((id) => this.holder.get(id) === peer)
    for (const id of ids) this.holder.delete(id)
    this.controlled.delete(peer)
    this.origins.delete(peer)
    if (ids.length && !this.destroyed) {
      if (this.options.awarenessGraceMs > 0) {
        for (const id of ids) this.removeAwarenessLater(id)
      } else {
        awarenessProtocol.removeAwarenessStates(this.awareness, ids, null)
      }
    }
    if (this.peers.size === 0) this.options.onEmpty(this)
  }

  /** Handles one frame from a peer. Throws RoomError (or a decoding error) for a bad frame. */
  receive(peer: Peer, frame: Uint8Array): void {
    if (this.poisoned || this.destroyed) return
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case MessageType.sync: {
        const step = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (step === syncProtocol.messageYjsSyncStep1) {
          const reply = coversNothingOf(this.doc, payload) ? this.fullState.asSyncStep2() : syncStep2Frame(this.doc, payload)
          this.options.committer.afterCommit(() => peer.send(reply))
        } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
          this.receiveUpdate(peer, payload)
        } else {
          throw new RoomError(CloseCode.malformed, `unknown sync step ${step}`)
        }
        return
      }
      case MessageType.awareness: {
        const entries = decodeAwarenessUpdate(decoding.readVarUint8Array(decoder))
        const allowed = allowedAwareness(entries, peer.userId, this.awarenessOwners)
        // A client that comes back re-sends its state with an unchanged clock, which awareness
        // treats as no news; it still takes the id back, so its pending removal is cancelled.
        for (const entry of allowed) {
          if (entry.state === null) continue
          this.claim(peer, entry.clientId)
          // A state the relay removed (grace period over) comes back with the clock it had, which
          // the relay and every client ignore as old news. Pass it on one clock later; the
          // sender adopts that clock when the echo reaches it.
          const known = this.awareness.meta.get(entry.clientId)
          if (!this.awareness.states.has(entry.clientId) && known && known.clock >= entry.clock) entry.clock = known.clock + 1
        }
        if (allowed.length) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(allowed), peer)
        return
      }
      case MessageType.queryAwareness: {
        const states = [...this.awareness.getStates().keys()]
        if (states.length) {
          const reply = awarenessFrame(this.awareness, states)
          this.options.committer.afterCommit(() => peer.send(reply))
        }
        return
      }
      case MessageType.auth:
        return // only servers send auth messages; a client's is ignored, as y-websocket does
      default:
        throw new RoomError(CloseCode.malformed, `unknown message type ${type}`)
    }
  }

  /** Closes every peer and frees the document. */
  destroy(code: number, reason: string): void {
    if (this.destroyed) return
    this.destroyed = true
    for (const peer of [...this.peers]) peer.close(code, reason)
    this.peers.clear()
    for (const timer of this.graceTimers.values()) clearTimeout(timer)
    this.graceTimers.clear()
    this.unsubscribeBus()
    this.awareness.destroy()
    this.doc.destroy()
  }

  private receiveUpdate(peer: Peer, update: Uint8Array): void {
    // Drop what the relay already has first: a sync step 2 may repeat items of other people
    // that are no news here, and those must not count against the sender. The usual update
    // starts where the document's clocks stand and needs no diff (the per-message hot path).
    let news = update
    let decoded = Y.decodeUpdate(update)
    if (decoded.structs.some((struct) => struct.id.clock < Y.getState(this.doc.store, struct.id.client))) {
      news = Y.diffUpdate(update, Y.encodeStateVector(this.doc))
      decoded = Y.decodeUpdate(news)
    }
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return
    if (!this.options.policy.acceptsUpdates) throw new RoomError(CloseCode.forbidden, 'this room carries no document content')
    const binds = new Map<number, string>()
    for (const struct of decoded.structs) {
      if (struct instanceof Y.Skip) continue
      const owner = this.owners.get(struct.id.client)
      if (owner === undefined) binds.set(struct.id.client, peer.userId)
      else if (owner !== peer.userId) throw new RoomError(CloseCode.forbidden, 'the update carries another user’s client id')
    }
    const judging: Judging = { peer, origin: this.origins.get(peer)!, binds, judgement: null }
    this.judging = judging
    try {
      Y.applyUpdate(this.doc, news, judging.origin)
    } catch (error) {
      this.poison()
      throw new RoomError(CloseCode.malformed, `the update could not be applied: ${(error as Error).message}`)
    } finally {
      this.judging = null
    }
    if (judging.judgement && !judging.judgement.ok) {
      this.poison()
      throw new RoomError(CloseCode.forbidden, judging.judgement.reason)
    }
  }

  private poison(): void {
    this.poisoned = true
    this.options.onPoisoned(this)
  }

  private readonly judgeTransaction = (tr: Y.Transaction): void => {
    const judging = this.judging
    if (!judging || tr.origin !== judging.origin) return
    try {
      judging.judgement = this.options.policy.judge(tr, {
        userId: judging.peer.userId,
        ownerOf: (client) => this.owners.get(client) ?? judging.binds.get(client),
      })
    } catch (error) {
      this.options.log.error({ err: error, room: this.name }, 'policy failed; refusing the update')
      judging.judgement = { ok: false, reason: 'the update could not be judged' }
    }
  }

  private readonly storeAndPassOn = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction): void => {
    if (!isOrigin(origin) || origin.kind === 'storage') return
    const { committer, bus } = this.options
    let sender: Peer | null = null
    let bind: Array<[number, string]> | undefined
    let created: unknown
    if (origin.kind === 'connection') {
      const judging = this.judging
      if (!judging || judging.origin !== origin || !judging.judgement?.ok) return // refused: never kept
      sender = judging.peer
      created = judging.judgement.created
      bind = [...judging.binds]
      for (const [client, user] of bind) this.owners.set(client, user)
    } else if (origin.kind === 'relay' && !this.owners.has(this.doc.clientID)) {
      this.owners.set(this.doc.clientID, RELAY_USER)
      bind = [[this.doc.clientID, RELAY_USER]]
    }
    if (origin.kind !== 'bus') committer.write({ room: this.name, update, ...(bind ? { bind } : {}) })
    const frame = updateFrame(update)
    const ack = sender?.wantsAck ? encodeAck(Y.encodeStateVector(this.doc)) : null
    committer.afterCommit(() => {
      if (this.destroyed) return
      for (const listener of this.listeners) listener({ origin, transaction: tr, update, created })
      for (const peer of this.peers) if (peer !== sender) peer.send(frame)
      if (ack && sender && this.peers.has(sender)) sender.send(ack)
      if (origin.kind !== 'bus') bus.publish(this.name, update)
    })
  }

  private readonly relayAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const peer = origin as Peer
    if (this.controlled.has(peer)) {
      for (const id of [...added, ...updated]) this.claim(peer, id)
      for (const id of removed) {
        this.controlled.get(peer)!.delete(id)
        if (this.holder.get(id) === peer) this.holder.delete(id)
      }
    }
    const changed = [...added, ...updated, ...removed]
    if (!changed.length) return
    const frame = awarenessFrame(this.awareness, changed)
    this.options.committer.afterCommit(() => {
      for (const each of this.peers) each.send(frame)
    })
  }

  /** `peer` speaks for awareness id `id` from now on; a pending removal of it is cancelled. */
  private claim(peer: Peer, id: number): void {
    this.controlled.get(peer)?.add(id)
    this.holder.set(id, peer)
    this.cancelRemoval(id)
  }

  private removeAwarenessLater(id: number): void {
    this.cancelRemoval(id)
    const timer = setTimeout(() => {
      this.graceTimers.delete(id)
      if (!this.destroyed) awarenessProtocol.removeAwarenessStates(this.awareness, [id], null)
    }, this.options.awarenessGraceMs)
    timer.unref()
    this.graceTimers.set(id, timer)
  }

  private cancelRemoval(id: number): void {
    const timer = this.graceTimers.get(id)
    if (timer) clearTimeout(timer)
    this.graceTimers.delete(id)
  }
}

const freshClientId = (taken: Map<number, string>): number => {
  for (;;) {
    const id = Math.floor(Math.random() * 0xffffffff)
    if (!taken.has(id)) return id
  }
}
