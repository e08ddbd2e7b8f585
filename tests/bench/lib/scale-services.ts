// The services the multi-process section shares: one PostgreSQL and one Redis server
// (tests/support/services.ts: Debian's packages, free ports, temporary folders), started once for
// the section and pinned to the server core beside the relays. Each round gets a database of its
// own and an empty Redis, so no round sees another's rows or keys.

import { spawnSync } from 'node:child_process'
import pg from 'pg'
import { startPostgres, startRedis, type Service } from '../../support/services.ts'
import { Cores, pinProcess } from './proc.ts'
import { postgresPids, redisPids } from './process-tree.ts'

export interface ScaleServices {
  redisUrl: string
  /** A new empty database for one round, and how to drop it. */
  freshDatabase(): Promise<{ url: string; drop(): Promise<void> }>
  /** Empties Redis (Hocuspocus keeps its locks there). */
  flushRedis(): void
  /**
   * Every process of both servers (PostgreSQL forks one per connection), as of the last look:
   * probes read it, and a walk over /proc takes milliseconds that would fall inside the window
   * they measure, so it is redone every REFRESH_MS in the background instead.
   */
  pids(): number[]
  /** Puts every process of both on the server core (new PostgreSQL backends inherit it). */
  pin(): void
  remove(): Promise<void>
}

const withPath = (url: string, database: string): string => {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/** How often the list of the services' processes is read again. */
const REFRESH_MS = 1000

export async function startScaleServices(): Promise<ScaleServices> {
  const postgres: Service = await startPostgres()
  let redis: Service
  try {
    redis = await startRedis()
  } catch (err) {
    await postgres.remove()
    throw err
  }
  let rounds = 0
  const look = () => [...postgresPids(postgres.port), ...redisPids(redis.port)]
  let pids = look()
  const refresh = setInterval(() => (pids = look()), REFRESH_MS)
  refresh.unref()
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: postgres.url })
    await client.connect()
    try {
      return await fn(client)
    } finally {
      await client.end()
    }
  }
  const services: ScaleServices = {
    redisUrl: redis.url,
    async freshDatabase() {
      const name = `bench_${process.pid}_${rounds++}`
      await admin((c) => c.query(`CREATE DATABASE ${name}`))
      return {
        url: withPath(postgres.url, name),
        drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
      }
    },
    flushRedis() {
      const out = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(redis.port), 'FLUSHALL'], { encoding: 'utf8' })
      if (out.status !== 0 || !out.stdout.includes('OK')) throw new Error(`redis-cli FLUSHALL failed: ${out.stderr || out.stdout}`)
    },
    pids: () => pids,
    pin() {
      pids = look()
      for (const pid of pids) pinProcess(pid, Cores.server)
    },
    async remove() {
      clearInterval(refresh)
      await Promise.all([postgres.remove(), redis.remove()])
    },
  }
  services.pin()
  return services
}

/** How many clients Redis has now (INFO clients), to see that the servers did connect. */
export function redisClients(redisUrl: string): number {
  const port = new URL(redisUrl).port
  const out = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', port, 'INFO', 'clients'], { encoding: 'utf8' })
  return Number(/connected_clients:(\d+)/.exec(out.stdout)?.[1] ?? 0)
}
