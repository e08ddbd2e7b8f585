// One loaded document and the peers connected to it. It answers sync, and takes each client
// update through one sequence: read it against the document (refusing anything Yjs would keep
// pending), bind its client ids, judge it with the room's policy and the write budgets, apply it,
// store it (through the committer), and only once it is stored pass it on and acknowledge it.
// A refused update is never applied, so the room and everyone else in it carry on untouched.
// Awareness lives in room-awareness.ts; what other relay processes send is room-bus.ts' business,
// which hands it to `receiveBusUpdate`, `catchUp` and `receiveBusAwareness`.
//
// An update that comes ahead of what the room has (a client's offline writes not sent yet, items
// written through another relay that the bus has not brought yet) is not refused at once: the room
// holds every later frame, catches up from the database and reads the update again. If it still
// lacks something of ids the sender may write under, it is dropped and the sender is asked for its
// whole state (a sync step 1), whose reply carries what the room lacks; a sync step 2 that still
// lacks something, and anything that needs another person's state the database does not have, is
// refused. catch-ups.ts bounds how often one connection may cause this.
//
// Frames are handled one at a time, in the order they arrive. When the policy needs facts from the
// directory before it can judge an update (a chat's creation), the room holds every later frame,
// of any peer, and every update from the bus, until the facts arrive; then it reads the update
// again against the document, judges it, and handles what it held, in order. Every other update
// is handled at once, without waiting for anything.
//
// A client that holds nothing of the document is answered from a cached encoding of all of it
// (full-state.ts), so fresh clients of a long chat do not each cost a full encode.

import * as Y from 'yjs'
import { CloseCode, FrameError, SyncStep, encodeAck, readFrame, type Frame } from '@parley/protocol'
import type { StoredDoc } from '../storage/doc-store.ts'
import type { Logger } from '../log.ts'
import type { AwarenessLimits } from './awareness-filter.ts'
import type { Bus } from './bus.ts'
import type { Committer } from './committer.ts'
import { syncStep1Frame, syncStep2Frame, updateFrame } from './frames.ts'
import { FullState, coversNothingOf } from './full-state.ts'
import { BUS, RELAY, RELAY_USER, STORAGE, type Origin } from './origins.ts'
import type { Peer } from './peer.ts'
import type { Created, Judgement, PolicyContext, PolicyFacts, ProposedChange, RoomPolicy } from './policy.ts'
import type { Quotas } from './quotas.ts'
import { UpdateProblem, readClientUpdate, type ClientUpdate } from './read-update.ts'
import { FrameHold } from './frame-hold.ts'
import { CatchUps } from './catch-ups.ts'
import { RoomAwareness, awarenessFrameFor } from './room-awareness.ts'
import { RoomError } from './room-error.ts'

/** A change that is stored: what room listeners (the inbox writer) hear about, one object shared by them all. */
export interface StoredChange {
  readonly origin: Origin
  readonly transaction: Y.Transaction
  /** The change as stored. */
  readonly update: Uint8Array
  /** Set when this change created the document (the policy's `created`). */
  readonly created?: Created | undefined
}


export interface RoomLimits {
  /** Bytes a document may have stored (its snapshot and the updates after it). */
  maxDocBytes: number
  awareness: AwarenessLimits
}

export interface RoomOptions {
  name: string
  policy: RoomPolicy
  committer: Committer
  bus: Bus
  log: Logger
  quotas: Quotas
  limits: RoomLimits
  clock(): number
  /** How long awareness states of a closed connection stay (presence rooms); 0 removes them at once. */
  awarenessGraceMs: number
  host: RoomHost
}

/**
 * What a room asks of whoever holds it (rooms.ts). One object serves every room, each call naming
 * its room: a closure per question per room was memory that every loaded room carried.
 */
export interface RoomHost {
  /** Bytes the room has in storage, including writes queued and not yet committed. */
  storedBytes(room: DocRoom): number
  /** Called with the size of every write the room queues for storage. */
  wrote(room: DocRoom, bytes: number): void
  /** The room's rows stored after row `afterSeq` (what the database has that the room may lack). */
  loadSince(room: DocRoom, afterSeq: number): Promise<StoredDoc>
  poisoned(room: DocRoom): void
  empty(room: DocRoom): void
}

export class DocRoom {
  readonly name: string
  readonly doc = new Y.Doc({ gc: true })
  readonly peers = new Set<Peer>()
  poisoned = false
  destroyed = false

  private readonly owners: Map<number, string>
  private readonly presence: RoomAwareness
  private readonly origins = new Map<Peer, Origin>()
  // Copied at their exact size on each add (concat; two or three per room, once): push reserves
  // 17 slots, 152 bytes each in every loaded room.
  private listeners: ReadonlyArray<(change: StoredChange) => void> = []
  private cleanups: ReadonlyArray<(code: number) => void> = []
  private readonly fullState: FullState
  /** What arrives while a judgement awaits its facts. */
  private readonly hold = new FrameHold()
  /** The highest stored row this room has applied, with every row before it (catch-ups load what follows). */
  storedThrough: number
  /** Null until a peer causes a catch-up, as in most rooms: an empty Map costs a couple of hundred bytes. */
  private catchUps: Map<Peer, CatchUps> | null = null

  constructor(
    private readonly options: RoomOptions,
    stored: StoredDoc,
  ) {
    this.name = options.name
    this.owners = new Map(stored.clients)
    this.storedThrough = highest(stored.seqs, 0)
    // Not an arrow over `stored` here: the callbacks below share this constructor's closure
    // context, which would then keep every loaded row alive for as long as the room.
    if (stored.updates.length) applyStored(this.doc, stored.updates)
    // One stored row is a compacted snapshot (or the document's only update): exactly its content.
    this.fullState = new FullState(this.doc, stored.updates.length === 1 ? stored.updates[0] : undefined)
    // No 'update' listener stays on the document: with one, Yjs encodes every transaction's update
    // again, and a client's update is stored as it was read (decide). The relay's own writes and
    // other relays' changes listen for theirs while they apply them (applyAndKeep).
    this.presence = new RoomAwareness(this.doc, {
      limits: options.limits.awareness,
      graceMs: options.awarenessGraceMs,
      docOwnerOf: (client) => this.owners.get(client),
      onChange: (change) =>
        this.options.committer.afterCommit(() =>
          this.peers.forEach((peer) => {
            const frame = awarenessFrameFor(peer, change)
            if (frame) peer.send(frame)
          }),
        ),
      publish: (update) => options.bus.publish({ kind: 'awareness', room: this.name, update }),
    })
  }

  get awareness() {
    return this.presence.awareness
  }

  /** Listens to every change once it is stored, before it is passed on to peers. */
  onStored(listener: (change: StoredChange) => void): void {
    this.listeners = this.listeners.concat(listener)
  }

  /** Runs `fn` when the room is destroyed, with the close code its peers got (`reload`: thrown away after a failed commit). */
  onDestroy(fn: (code: number) => void): void {
    this.cleanups = this.cleanups.concat(fn)
  }

  /**
   * Applies an update another relay stored (passed on, never stored again), learning the client
   * ids it bound: the one way bus updates enter the room, so that they wait behind a judgement
   * like any frame. When part of it waits for changes this room missed (a lost bus message), the
   * room catches up from the database before it handles anything else.
   */
  receiveBusUpdate(update: Uint8Array, bind: ReadonlyArray<readonly [number, string]> = []): void {
    if (this.poisoned || this.destroyed) return
    if (this.hold.active) this.hold.add({ peer: null, bytes: update, bind })
    else this.applyBusUpdate(update, bind)
  }

  private applyBusUpdate(update: Uint8Array, bind: ReadonlyArray<readonly [number, string]>): void {
    for (const [client, user] of bind) if (!this.owners.has(client)) this.owners.set(client, user)
    this.applyAndKeep(() => Y.applyUpdate(this.doc, update, BUS), BUS)
    if (!this.doc.store.pendingStructs && !this.doc.store.pendingDs) return
    // Part of it waits for changes this room missed. Until the database has caught the room up,
    // every frame waits too: a client's update applied now would find the document still holding
    // something pending, and be refused for changes that are not its own.
    this.hold.start()
    this.options.host.loadSince(this, this.storedThrough).then(
      (stored) => {
        if (this.destroyed || this.poisoned || !this.catchUp(stored)) return
        this.release()
      },
      (error: unknown) => {
        this.options.log.error({ err: error, room: this.name }, 'catching the room up from the database failed; reloading it')
        this.poison()
      },
    )
  }

  /** Applies what the database holds of this room that the room may lack (after a missed bus message); false when it reloads. */
  catchUp(stored: StoredDoc): boolean {
    if (this.poisoned || this.destroyed) return true
    for (const [client, user] of stored.clients) if (!this.owners.has(client)) this.owners.set(client, user)
    this.applyAndKeep(() => {
      for (const update of stored.updates) Y.applyUpdate(this.doc, update, BUS)
    }, BUS)
    // The database makes a room's rows visible in row-number order: everything up to the last one read is here.
    this.storedThrough = highest(stored.seqs, this.storedThrough)
    if (!this.doc.store.pendingStructs && !this.doc.store.pendingDs) return true
    // The database has everything stored, so this should not happen: start again from it.
    this.options.log.error({ room: this.name }, 'the room still lacks changes after catching up; reloading it')
    this.poison()
    return false
  }

  /** Awareness states another relay accepted; returns a reason when they were unreadable. */
  receiveBusAwareness(update: Uint8Array): string | null {
    return this.destroyed ? null : this.presence.applyRemote(update)
  }

  /** This relay's own awareness states, for relays that may have missed them. */
  ownAwarenessUpdates(): Uint8Array[] {
    return this.presence.ownUpdates()
  }

  /** The whole document as one update; encoded only if it changed since it was last asked for. */
  stateAsUpdate(): Uint8Array {
    return this.fullState.asUpdate()
  }

  /** Writes as the relay (inbox rows), under a client id no person has ever used here. */
  transactAsRelay(fn: () => void): void {
    const owner = this.owners.get(this.doc.clientID)
    if (owner !== undefined && owner !== RELAY_USER) this.doc.clientID = freshClientId(this.owners)
    this.applyAndKeep(fn, RELAY)
  }

  /**
   * Runs a transaction of the relay's own or of another relay's changes, and keeps what it changed
   * (stored unless it came from the bus, then passed on). Not for a client's update: decide has
   * that update already, as read, and does not ask Yjs to encode it again.
   */
  private applyAndKeep(fn: () => void, origin: Origin): void {
    let update: Uint8Array | null = null
    let transaction: Y.Transaction | null = null
    const capture = (u: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      update = u
      transaction = tr
    }
    this.doc.on('update', capture)
    try {
      this.doc.transact(fn, origin)
    } finally {
      this.doc.off('update', capture)
    }
    if (update && transaction) this.keep(update, transaction, origin, null, [], undefined)
  }

  join(peer: Peer): void {
    this.peers.add(peer)
    this.presence.join(peer)
    this.origins.set(peer, Object.freeze({ kind: 'connection', id: peer.id, userId: peer.userId }))
    const step1 = syncStep1Frame(this.doc)
    const states = this.presence.snapshotFrame()
    const ack = peer.wantsAck ? encodeAck(Y.encodeStateVector(this.doc)) : null
    this.options.committer.afterCommit(() => {
      peer.send(step1)
      if (states) peer.send(states)
      if (ack) peer.send(ack)
    })
  }

  leave(peer: Peer): void {
    if (!this.peers.delete(peer)) return
    this.origins.delete(peer)
    if (this.catchUps?.delete(peer) && this.catchUps.size === 0) this.catchUps = null
    this.presence.leave(peer)
    if (this.peers.size === 0) this.options.host.empty(this)
  }

  /**
   * Handles one frame from a peer. Throws RoomError (or a decoding error) for a bad frame. A frame
   * held behind a judgement that awaits facts is handled later; if it is bad then, the room closes
   * its peer itself.
   */
  receive(peer: Peer, bytes: Uint8Array): void {
    if (this.poisoned || this.destroyed) return
    if (this.hold.active) {
      if (!this.hold.add({ peer, bytes })) throw new RoomError(CloseCode.backpressure, 'the room is busy; try again')
      return
    }
    this.handle(peer, bytes)
  }

  private handle(peer: Peer, bytes: Uint8Array): void {
    let frame: Frame
    try {
      frame = readFrame(bytes)
    } catch (error) {
      if (error instanceof FrameError) throw new RoomError(CloseCode.malformed, error.message)
      throw error
    }
    switch (frame.type) {
      case 'sync':
        if (frame.step === SyncStep.step1) {
          const reply = coversNothingOf(this.doc, frame.payload) ? this.fullState.asSyncStep2() : syncStep2Frame(this.doc, frame.payload)
          this.options.committer.afterCommit(() => peer.send(reply))
        } else {
          this.receiveUpdate(peer, frame.payload, frame.step === SyncStep.step2)
        }
        return
      case 'awareness': {
        const problem = this.presence.receive(peer, frame.payload)
        if (problem) throw new RoomError(CloseCode.overLimit, problem)
        return
      }
      case 'query-awareness': {
        const states = this.presence.snapshotFrame()
        if (states) this.options.committer.afterCommit(() => peer.send(states))
        return
      }
      case 'auth':
        return // only servers send auth messages; a client's is ignored, as y-websocket does
      case 'ack':
        throw new RoomError(CloseCode.malformed, 'only the relay sends acknowledgements')
    }
  }

  /** Closes every peer and frees the document. */
  destroy(code: number, reason: string): void {
    if (this.destroyed) return
    this.destroyed = true
    for (const peer of [...this.peers]) peer.close(code, reason)
    this.peers.clear()
    for (const fn of this.cleanups) fn(code)
    this.presence.destroy()
    this.doc.destroy()
  }

  /**
   * A client's update, from start to end (or up to the policy's question, then from resume; or up
   * to a catch-up from the database, then from caughtUp). `step2`: the frame is a sync step 2.
   */
  private receiveUpdate(peer: Peer, raw: Uint8Array, step2: boolean): void {
    // Looked up, not made: most peers never cause a catch-up, and the room holds thousands of peers.
    const catchUps = this.catchUps?.get(peer)
    if (step2 && catchUps) catchUps.asked = false
    const reading = this.reading(peer, raw)
    if (reading.ok) {
      this.proceed(peer, reading.read, raw, step2, false)
      return
    }
    if (!this.options.policy.acceptsUpdates) throw new RoomError(CloseCode.forbidden, 'this room carries no document content')
    // The sync step 2 it owes us was made after this update: it carries what this one lacks.
    if (catchUps?.asked && !step2) return
    this.catchUpFor(peer, raw, step2)
  }

  /** Holds the room, reads what the store has after the room's last row, then takes the update again (caughtUp). */
  private catchUpFor(peer: Peer, raw: Uint8Array, step2: boolean): void {
    if (!this.catchUpsOf(peer).spend(this.options.clock())) {
      throw new RoomError(CloseCode.overLimit, 'too many updates ahead of what the relay has; reconnect to sync')
    }
    this.hold.start()
    this.options.host.loadSince(this, this.storedThrough).then(
      (stored) => this.caughtUp(peer, raw, step2, stored),
      (error: unknown) => {
        this.options.log.error({ err: error, room: this.name }, 'catching the room up from the database failed; refusing the update')
        this.refuse(peer, new RoomError(1011, 'the update could not be handled now; try again'))
        this.release()
      },
    )
  }

  /** After catching up: the update again, now judged as usual, dropped (asking for the state), or refused. */
  private caughtUp(peer: Peer, raw: Uint8Array, step2: boolean, stored: StoredDoc): void {
    if (this.destroyed || this.poisoned || !this.catchUp(stored)) return
    let waiting = false
    if (this.peers.has(peer)) {
      try {
        const reading = this.reading(peer, raw)
        if (reading.ok) waiting = this.proceed(peer, reading.read, raw, step2, true)
        else if (step2 || reading.othersId) throw reading.error
        else this.askState(peer)
      } catch (error) {
        this.refuse(peer, error)
      }
    }
    if (!waiting) this.release()
  }

  /** Tells the peer what the room has once everything queued is stored. */
  private ackOnceStored(peer: Peer): void {
    const ack = encodeAck(Y.encodeStateVector(this.doc))
    this.options.committer.afterCommit(() => {
      if (this.peers.has(peer)) peer.send(ack)
    })
  }

  /** Drops the update and asks its sender for everything the room lacks. */
  private askState(peer: Peer): void {
    this.catchUpsOf(peer).asked = true
    const step1 = syncStep1Frame(this.doc)
    this.options.committer.afterCommit(() => peer.send(step1))
  }

  /**
   * Judges and applies a complete update; true when the judgement waits (for facts, or for a
   * catch-up: the room holds). `caughtUp`: the room has just read the store for this update.
   */
  private proceed(peer: Peer, read: ClientUpdate, raw: Uint8Array, step2: boolean, caughtUp: boolean): boolean {
    if (read.empty) {
      // Nothing new: the room had it all, perhaps from another relay or a catch-up, and the sender
      // may never have been told it is stored (its socket dropped before the ack).
      if (peer.wantsAck) this.ackOnceStored(peer)
      return false
    }
    if (!this.options.policy.acceptsUpdates) throw new RoomError(CloseCode.forbidden, 'this room carries no document content')
    const binds = this.bindings(peer, read)
    const change: ProposedChange = { doc: this.doc, inserts: read.inserts, deletes: read.deletes }
    const ctx = this.context(peer, binds)
    const asking = this.askFacts(change, ctx)
    if (asking) {
      this.holdFor(asking, peer, raw)
      return true
    }
    const judgement = this.judge(change, ctx, undefined)
    if (!judgement.ok && binds.size > 0 && !caughtUp) {
      // Items under client ids this room has never seen were judged as the sender's. They may be
      // someone else's, stored through another relay that the bus has not brought here yet (the
      // sender saw them there): judge the update again once the room has read the store.
      this.catchUpFor(peer, raw, step2)
      return true
    }
    this.decide(peer, read, binds, judgement)
    return false
  }

  private askFacts(change: ProposedChange, ctx: PolicyContext): Promise<PolicyFacts> | null {
    try {
      return this.options.policy.facts?.(change, ctx) ?? null
    } catch (error) {
      this.options.log.error({ err: error, room: this.name }, 'policy failed; refusing the update')
      throw new RoomError(CloseCode.forbidden, 'the update could not be judged')
    }
  }

  /** Holds every later frame until the facts arrive, then judges the update again with them. */
  private holdFor(asking: Promise<PolicyFacts>, peer: Peer, raw: Uint8Array): void {
    this.hold.start()
    asking.then(
      (facts) => this.resume(peer, raw, facts),
      (error: unknown) => {
        this.options.log.error({ err: error, room: this.name, user: peer.userId }, 'the directory could not be asked; refusing the update')
        this.refuse(peer, new RoomError(1011, 'the update could not be judged now; try again'))
        this.release()
      },
    )
  }

  private resume(peer: Peer, raw: Uint8Array, facts: PolicyFacts): void {
    if (this.destroyed || this.poisoned) return
    if (this.peers.has(peer)) {
      try {
        // The document may have changed while the facts were awaited (the relay's own writes).
        const reading = this.reading(peer, raw)
        if (!reading.ok) throw reading.error
        const read = reading.read
        if (!read.empty) {
          const binds = this.bindings(peer, read)
          const ctx = this.context(peer, binds)
          this.decide(peer, read, binds, this.judge({ doc: this.doc, inserts: read.inserts, deletes: read.deletes }, ctx, facts))
        }
      } catch (error) {
        this.refuse(peer, error)
      }
    }
    this.release()
  }

  /** Handles what was held, in order, until it is done or another judgement needs facts. */
  private release(): void {
    this.hold.drain(
      (held) => {
        const { peer, bytes } = held
        if (peer === null) {
          this.applyBusUpdate(bytes, held.bind ?? [])
          return
        }
        if (!this.peers.has(peer)) return
        try {
          this.handle(peer, bytes)
        } catch (error) {
          this.refuse(peer, error)
        }
      },
      () => this.poisoned || this.destroyed,
    )
  }

  /** Closes a peer whose held frame was refused, as its connection does for a frame refused at once. */
  private refuse(peer: Peer, error: unknown): void {
    const code = error instanceof RoomError ? error.code : CloseCode.malformed
    const reason = error instanceof RoomError ? error.message : 'malformed frame'
    this.options.log.warn({ room: this.name, user: peer.userId, event: 'refused', code, rule: reason }, 'refused a frame; closing the connection')
    peer.close(code, reason)
  }

  /** Applies and keeps a judged update, or throws why it is refused. */
  private decide(peer: Peer, read: ClientUpdate, binds: Map<number, string>, judgement: Judgement): void {
    const { quotas, limits } = this.options
    if (!judgement.ok) throw new RoomError(CloseCode.forbidden, judgement.reason)
    const bytes = read.update.byteLength
    if (this.options.host.storedBytes(this) + bytes > limits.maxDocBytes) throw new RoomError(CloseCode.overLimit, `the document is over its limit of ${limits.maxDocBytes} bytes`)
    const overBudget = quotas.spendBytes(peer.userId, bytes) ?? (judgement.created ? quotas.spendChat(peer.userId) : null)
    if (overBudget) throw new RoomError(CloseCode.overLimit, overBudget)

    const origin = this.origins.get(peer)!
    let transaction: Y.Transaction | null = null
    try {
      this.doc.transact((tr) => {
        transaction = tr
        Y.applyUpdate(this.doc, read.update, origin)
      }, origin)
    } catch (error) {
      this.poison()
      throw new RoomError(CloseCode.malformed, `the update could not be applied: ${(error as Error).message}`)
    }
    // read-update.ts refuses whatever Yjs would hold back; this is the guard if it ever misses one.
    if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
      this.options.log.error({ room: this.name, user: peer.userId }, 'an accepted update left something pending; reloading the room')
      this.poison()
      throw new RoomError(CloseCode.forbidden, 'the update depends on changes the relay does not have')
    }
    // read-update.ts took only what the document lacked, and refused anything Yjs would not apply
    // whole: what Yjs would encode from this transaction is what was read (Yjs may leave out
    // deletions of items already deleted, which change nothing). Stored and passed on as read.
    if (transaction) this.keep(read.update, transaction, origin, peer, [...binds], judgement.created)
  }

  /**
   * Reads the update against the document. Not ok when the room lacks something it needs, or it
   * carries structs of someone else's client id: a catch-up may cure either (they may be another
   * relay's changes the bus has not brought yet). Throws RoomError for anything else.
   */
  private reading(peer: Peer, raw: Uint8Array): Reading {
    let read: ClientUpdate
    try {
      read = readClientUpdate(this.doc, raw)
    } catch (error) {
      if (error instanceof UpdateProblem) {
        if (error.kind === 'behind') return { ok: false, error: new RoomError(CloseCode.forbidden, error.message), othersId: this.isOthers(error.client, peer) }
        throw new RoomError(error.kind === 'malformed' ? CloseCode.malformed : CloseCode.forbidden, error.message)
      }
      throw new RoomError(CloseCode.malformed, `the update could not be decoded: ${(error as Error).message}`)
    }
    for (const client of read.clients) {
      if (this.isOthers(client, peer)) return { ok: false, error: new RoomError(CloseCode.forbidden, 'the update carries another user’s client id'), othersId: true }
    }
    return { ok: true, read }
  }

  private isOthers(client: number | null, peer: Peer): boolean {
    const owner = client === null ? undefined : this.owners.get(client)
    return owner !== undefined && owner !== peer.userId
  }

  private catchUpsOf(peer: Peer): CatchUps {
    const all = (this.catchUps ??= new Map())
    let catchUps = all.get(peer)
    if (!catchUps) all.set(peer, (catchUps = new CatchUps()))
    return catchUps
  }

  /** Client ids the update uses for the first time, bound to the sender; refuses anyone else's. */
  private bindings(peer: Peer, read: ClientUpdate): Map<number, string> {
    const binds = new Map<number, string>()
    for (const client of read.clients) {
      const owner = this.owners.get(client)
      if (owner === undefined) binds.set(client, peer.userId)
      else if (owner !== peer.userId) throw new RoomError(CloseCode.forbidden, 'the update carries another user’s client id')
    }
    return binds
  }

  private context(peer: Peer, binds: Map<number, string>): PolicyContext {
    return { userId: peer.userId, ownerOf: (client) => this.owners.get(client) ?? binds.get(client), now: this.options.clock() }
  }

  private judge(change: ProposedChange, ctx: PolicyContext, facts: PolicyFacts | undefined): Judgement {
    try {
      return this.options.policy.judge(change, ctx, facts)
    } catch (error) {
      this.options.log.error({ err: error, room: this.name }, 'policy failed; refusing the update')
      return { ok: false, reason: 'the update could not be judged' }
    }
  }

  /** Stores a change, then (once stored) tells listeners, passes it on and acknowledges it. */
  private keep(update: Uint8Array, tr: Y.Transaction, origin: Origin, sender: Peer | null, binds: Array<[number, string]>, created: Created | undefined): void {
    const { committer, bus } = this.options
    for (const [client, user] of binds) this.owners.set(client, user)
    if (origin.kind === 'relay' && !this.owners.has(this.doc.clientID)) {
      this.owners.set(this.doc.clientID, RELAY_USER)
      binds.push([this.doc.clientID, RELAY_USER])
    }
    if (origin.kind !== 'bus') {
      committer.write(binds.length ? { room: this.name, update, bind: binds } : { room: this.name, update })
      // In the same commit as the update that created the chat: once anyone sees it, the index has it.
      if (created) committer.index({ registered: [registrationOf(created)] })
      this.options.host.wrote(this, update.byteLength)
    }
    const frame = updateFrame(update)
    const ack = sender?.wantsAck ? encodeAck(Y.encodeStateVector(this.doc)) : null
    committer.afterCommit(() => {
      // Stored, so the other relays must have it even if this room was thrown away meanwhile (an
      // earlier batch failed, on a BindingConflict say, while this one committed): nothing else
      // would ever tell them.
      if (origin.kind !== 'bus') bus.publish(binds.length ? { kind: 'update', room: this.name, update, bind: binds } : { kind: 'update', room: this.name, update })
      if (this.destroyed) return
      const change: StoredChange = { origin, transaction: tr, update, created }
      for (const listener of this.listeners) listener(change)
      for (const peer of this.peers) if (peer !== sender) peer.send(frame)
      if (ack && sender && this.peers.has(sender)) sender.send(ack)
    })
  }

  private poison(): void {
    this.poisoned = true
    this.options.host.poisoned(this)
  }
}

type Reading = { ok: true; read: ClientUpdate } | { ok: false; error: RoomError; othersId: boolean }

/** The highest of `seqs`, or `floor` (a loop: a long room has too many rows to spread). */
/** Applies the rows a room was loaded from, in one transaction. */
function applyStored(doc: Y.Doc, updates: readonly Uint8Array[]): void {
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update, STORAGE)
  }, STORAGE)
}

const highest = (seqs: readonly number[], floor: number): number => {
  let top = floor
  for (const seq of seqs) if (seq > top) top = seq
  return top
}

const registrationOf = ({ meta, orgId }: Created) => ({ id: meta.id, orgId, createdBy: meta.createdBy, createdAt: meta.createdAt, members: [...meta.members] })

const freshClientId = (taken: Map<number, string>): number => {
  for (;;) {
    const id = Math.floor(Math.random() * 0xffffffff)
    if (!taken.has(id)) return id
  }
}
