// Loads rooms on first use (concurrent joins share one load), unloads them when idle, compacts
// their stored updates in the background (when stored-log.ts says they are worth it), and throws
// away rooms whose document was poisoned by a refused update.

import { CloseCode, type Room } from '@parley/protocol'
import type { DocStore } from '../storage/doc-store.ts'
import type { Logger } from '../log.ts'
import type { Bus } from './bus.ts'
import type { Committer } from './committer.ts'
import { DocRoom, type RoomHost, type RoomLimits } from './doc-room.ts'
import type { RoomPolicy } from './policy.ts'
import type { Quotas } from './quotas.ts'
import { StoredLog } from './stored-log.ts'

export interface RoomManagerOptions {
  store: DocStore
  committer: Committer
  bus: Bus
  log: Logger
  roomIdleMs: number
  /** The fewest stored updates a room is compacted at; a long document waits longer (stored-log.ts). */
  compactAfterUpdates: number
  presenceGraceMs: number
  quotas: Quotas
  limits: RoomLimits
  clock(): number
  policyFor(room: Room): RoomPolicy
  /**
   * Called once per loaded room, before anyone joins it: attach listeners here. A promise it
   * returns (rows to move in from the database) is awaited before the room is handed out.
   */
  onLoaded(room: DocRoom, parsed: Room): Promise<void> | void
}

export class RoomManager {
  private readonly rooms = new Map<string, DocRoom>()
  private readonly loading = new Map<string, Promise<DocRoom>>()
  private readonly idleTimers = new Map<string, NodeJS.Timeout>()
  private readonly storedLogs = new Map<DocRoom, StoredLog>()
  private readonly compacting = new Set<DocRoom>()
  /** What every room asks of its manager: one object for all of them (doc-room.ts' RoomHost). */
  private readonly host: RoomHost = {
    storedBytes: (room) => this.storedLogs.get(room)?.bytes ?? 0,
    wrote: (room, bytes) => this.countStored(room, bytes),
    loadSince: (room, afterSeq) => this.options.store.loadSince(room.name, afterSeq),
    poisoned: (room) => this.drop(room),
    empty: (room) => this.scheduleIdle(room),
  }

  constructor(private readonly options: RoomManagerOptions) {}

  /** The loaded room, loading it if needed. The load is complete when the promise resolves. */
  get(room: Room): Promise<DocRoom> {
    const loaded = this.rooms.get(room.name)
    if (loaded) {
      this.cancelIdle(room.name)
      return Promise.resolve(loaded)
    }
    let pending = this.loading.get(room.name)
    if (!pending) {
      pending = this.load(room).finally(() => this.loading.delete(room.name))
      this.loading.set(room.name, pending)
    }
    return pending
  }

  /** Rooms in memory now (for health and tests). */
  get size(): number {
    return this.rooms.size
  }

  /** Stores everything, compacts each room's update log as an idle unload would, then closes every room. */
  async close(): Promise<void> {
    await Promise.allSettled(this.loading.values())
    for (const timer of this.idleTimers.values()) clearTimeout(timer)
    this.idleTimers.clear()
    // The next start then loads one row per room, and answers a new client of a long chat with
    // that row as it is instead of encoding the whole document.
    for (const room of [...this.rooms.values()]) {
      if ((this.storedLogs.get(room)?.rows ?? 0) > 1) await this.compact(room)
    }
    await this.options.committer.flush()
    for (const room of this.rooms.values()) room.destroy(CloseCode.goingAway, 'the relay is shutting down')
    this.rooms.clear()
  }

  private async load(parsed: Room): Promise<DocRoom> {
    const { store, committer, bus, log } = this.options
    // Anything this room had queued before it was dropped must be stored before we read it back.
    await committer.flush()
    const stored = await store.load(parsed.name)
    const storedLog = new StoredLog(stored.updates, stored.seqs)
    const room: DocRoom = new DocRoom(
      {
        name: parsed.name,
        policy: this.options.policyFor(parsed),
        committer,
        bus,
        log,
        quotas: this.options.quotas,
        limits: this.options.limits,
        clock: this.options.clock,
        awarenessGraceMs: parsed.kind === 'presence' ? this.options.presenceGraceMs : 0,
        host: this.host,
      },
      stored,
    )
    this.storedLogs.set(room, storedLog)
    const ready = this.options.onLoaded(room, parsed)
    if (ready) await ready
    this.rooms.set(parsed.name, room)
    this.scheduleIdle(room)
    return room
  }

  /** The committer stored these writes as these rows: the rooms that wrote them may compact them later. */
  committed(writes: ReadonlyArray<{ room: string }>, seqs: readonly number[]): void {
    writes.forEach((write, i) => {
      const room = this.rooms.get(write.room)
      const seq = seqs[i]
      if (room && seq !== undefined) this.storedLogs.get(room)?.committed(seq)
    })
  }

  /** Throws away the loaded copy of a room (its clients reconnect and resync). */
  discard(name: string): void {
    const room = this.rooms.get(name)
    if (room) this.drop(room)
  }

  private drop(room: DocRoom): void {
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name)
    this.cancelIdle(room.name)
    // After the offending connection has been closed with its own code: the others reconnect.
    // Its stored bytes stay counted until then: a frame handled meanwhile is still held to the limit.
    setImmediate(() => {
      room.destroy(CloseCode.reload, 'the room is reloading')
      this.storedLogs.delete(room)
    })
  }

  /** Counts a write as it is queued (its commit comes within a turn; compaction flushes first). */
  private countStored(room: DocRoom, bytes: number): void {
    const log = this.storedLogs.get(room)
    if (!log) return
    log.append(bytes)
    if (log.isWorthCompacting(this.options.compactAfterUpdates) && !this.compacting.has(room)) {
      this.compacting.add(room)
      setImmediate(() => void this.compact(room).finally(() => this.compacting.delete(room)))
    }
  }

  /**
   * Replaces the rows this room loaded or wrote with one snapshot of its document, which holds all
   * of them (each was applied before it was committed). Rows written by anyone else stay.
   */
  private async compact(room: DocRoom): Promise<void> {
    await this.options.committer.flush()
    const log = this.storedLogs.get(room)
    if (room.poisoned || room.destroyed || !log) return
    // The room's cached encoding when nothing changed since it was last asked for.
    const snapshot = room.stateAsUpdate()
    const replaces = [...log.seqs]
    try {
      const seq = await this.options.store.compact(room.name, snapshot, replaces)
      log.compacted(snapshot.byteLength, seq, replaces)
    } catch (err) {
      this.options.log.error({ err, room: room.name }, 'compaction failed; the update log is kept')
    }
  }

  private scheduleIdle(room: DocRoom): void {
    if (room.peers.size > 0 || room.destroyed) return
    this.cancelIdle(room.name)
    const timer = setTimeout(() => void this.unloadIfIdle(room), this.options.roomIdleMs)
    timer.unref()
    this.idleTimers.set(room.name, timer)
  }

  private cancelIdle(name: string): void {
    const timer = this.idleTimers.get(name)
    if (timer) clearTimeout(timer)
    this.idleTimers.delete(name)
  }

  private async unloadIfIdle(room: DocRoom): Promise<void> {
    this.idleTimers.delete(room.name)
    if ((this.storedLogs.get(room)?.rows ?? 0) > 1) await this.compact(room)
    await this.options.committer.flush()
    if (room.peers.size > 0 || room.destroyed || this.rooms.get(room.name) !== room) return
    this.rooms.delete(room.name)
    this.storedLogs.delete(room)
    room.destroy(CloseCode.goingAway, 'idle')
  }
}
