// The relay's metrics in Prometheus' text format, with prom-client: the RelayMetrics the relay
// core reports to, the HTTP and login counters, Node's own metrics (event-loop delay among them)
// and gauges read when scraped (rooms in memory, size of the SQLite files or the PostgreSQL pool). One registry per
// server, so that several relays in one process (tests) keep their own counts.

import fs from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { CloseCode, RoomKind } from '@parley/protocol'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { PoolClients } from '../storage/postgres/backend.ts'
import type { CheckpointReport } from '../storage/wal-checkpoints.ts'
import type { RelayMetrics } from './relay-metrics.ts'

export interface ServerMetrics {
  relay: RelayMetrics
  /** One answered HTTP request; `route` is the matched route pattern, never the raw path. */
  httpRequest(method: string, route: string, status: number): void
  login(result: 'success' | 'failure'): void
  /** The storage worker checkpointed SQLite's WAL. */
  checkpointed(report: CheckpointReport): void
  /** The text a scrape gets, and its content type. */
  render(): Promise<{ body: string; contentType: string }>
}

export interface PrometheusSources {
  /** Rooms in memory now, by kind. */
  roomsByKind(): Record<RoomKind, number>
  /** Files whose sizes add up to the storage size (the SQLite database and its WAL); none on PostgreSQL. */
  storageFiles: readonly string[]
  /** The PostgreSQL connection pool now; absent on SQLite. */
  postgresPool?: (() => PoolClients) | undefined
}

const CODE_NAMES = new Map<number, string>(Object.entries(CloseCode).map(([name, code]) => [code, name]))

/** `forbidden (4403)`-style labels would split series; a close code's name is the label. */
export const closeCodeName = (code: number): string => CODE_NAMES.get(code) ?? String(code)

export function createPrometheusMetrics(sources: PrometheusSources): ServerMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const registers = [registry]

  const connections = new Gauge({ name: 'parley_connections', help: 'Open WebSocket connections, by room kind.', labelNames: ['kind'], registers })
  new Gauge({
    name: 'parley_rooms',
    help: 'Documents in memory, by room kind.',
    labelNames: ['kind'],
    registers,
    collect() {
      for (const [kind, count] of Object.entries(sources.roomsByKind())) this.set({ kind }, count)
    },
  })
  // A file size means something on SQLite only: PostgreSQL's size is its server's to report.
  if (sources.storageFiles.length > 0) {
    new Gauge({
      name: 'parley_storage_bytes',
      help: 'Size of the SQLite database and its write-ahead log.',
      registers,
      collect() {
        this.set(sources.storageFiles.reduce((sum, file) => sum + (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0), 0))
      },
    })
  }
  const pool = sources.postgresPool
  if (pool) {
    new Gauge({
      name: 'parley_postgres_connections',
      help: 'Connections of this relay to PostgreSQL, by state (open: busy and idle; idle; max: the most it may open).',
      labelNames: ['state'],
      registers,
      collect() {
        const now = pool()
        this.set({ state: 'open' }, now.open)
        this.set({ state: 'idle' }, now.idle)
        this.set({ state: 'max' }, now.max)
      },
    })
    new Gauge({
      name: 'parley_postgres_waiting_queries',
      help: 'Queries waiting for a PostgreSQL connection because every connection of the pool is busy.',
      registers,
      collect() {
        this.set(pool().waiting)
      },
    })
  }
  const frames = new Counter({ name: 'parley_frames_received_total', help: 'Frames received from clients, by room kind.', labelNames: ['kind'], registers })
  const stored = new Counter({ name: 'parley_updates_stored_total', help: 'Client updates stored (then acknowledged), by room kind.', labelNames: ['kind'], registers })
  const refused = new Counter({ name: 'parley_frames_refused_total', help: 'Client frames refused, by reason.', labelNames: ['reason'], registers })
  const closes = new Counter({ name: 'parley_close_codes_total', help: 'WebSocket closes sent by the relay, by code.', labelNames: ['code', 'name'], registers })
  const commitSeconds = new Histogram({
    name: 'parley_commit_seconds',
    help: 'Time of one storage transaction.',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers,
  })
  const batchWrites = new Histogram({ name: 'parley_commit_batch_writes', help: 'Document writes per storage transaction.', buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500], registers })
  const checkpointSeconds = new Histogram({
    name: 'parley_sqlite_checkpoint_seconds',
    help: 'Time of one WAL checkpoint on the storage worker (not on the relay\'s thread), by mode (passive, truncate).',
    labelNames: ['mode'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  })
  eventLoopDelay(registers)
  const logins = new Counter({ name: 'parley_logins_total', help: 'Password logins, by result.', labelNames: ['result'], registers })
  const requests = new Counter({ name: 'parley_http_requests_total', help: 'HTTP requests answered, by method, route and status.', labelNames: ['method', 'route', 'status'], registers })

  // Series that exist from the start read 0 instead of being absent until the first event.
  for (const kind of Object.values(RoomKind)) {
    connections.set({ kind }, 0)
    frames.inc({ kind }, 0)
    stored.inc({ kind }, 0)
  }
  for (const result of ['success', 'failure']) logins.inc({ result }, 0)

  return {
    relay: {
      connectionOpened: (kind) => connections.inc({ kind }),
      connectionClosed: (kind) => connections.dec({ kind }),
      frameReceived: (kind) => frames.inc({ kind }),
      updateStored: (kind) => stored.inc({ kind }),
      frameRefused: (reason) => refused.inc({ reason }),
      closeSent: (code) => closes.inc({ code: String(code), name: closeCodeName(code) }),
      committed(seconds, writes) {
        commitSeconds.observe(seconds)
        batchWrites.observe(writes)
      },
    },
    httpRequest: (method, route, status) => requests.inc({ method, route, status: String(status) }),
    login: (result) => logins.inc({ result }),
    checkpointed: (report) => checkpointSeconds.observe({ mode: report.mode }, report.seconds),
    render: async () => ({ body: await registry.metrics(), contentType: registry.contentType }),
  }
}

/** The event-loop delay's sampling interval: a timer due every millisecond. */
const DELAY_RESOLUTION_MS = 1

/**
 * `parley_event_loop_delay_seconds{quantile}`: how late a 1 ms timer on the relay's thread fired,
 * over the window since the previous scrape (each scrape reads, then resets). Node's
 * monitorEventLoopDelay records the whole interval between two firings, so the 1 ms the timer was
 * due after is taken off. prom-client's `nodejs_eventloop_lag_*` gauges sample every 10 ms
 * (its default) and include those 10 ms, too coarse to tell 2 ms from 0.
 */
function eventLoopDelay(registers: Registry[]): void {
  const histogram = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS })
  histogram.enable()
  const late = (ns: number) => Math.max(0, ns / 1e6 - DELAY_RESOLUTION_MS) / 1000
  new Gauge({
    name: 'parley_event_loop_delay_seconds',
    help: 'How late a 1 ms timer on the relay\'s thread fired, by quantile (1 is the maximum), since the previous scrape.',
    labelNames: ['quantile'],
    registers,
    collect() {
      if (histogram.count === 0) return
      for (const q of [0.5, 0.9, 0.99, 0.999]) this.set({ quantile: String(q) }, late(histogram.percentile(q * 100)))
      this.set({ quantile: '1' }, late(histogram.max))
      histogram.reset()
    },
  })
}
