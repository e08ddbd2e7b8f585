// The arms of the multi-process section (`npm run bench -- --scale`): Parley relays on one
// PostgreSQL and one Redis, and Hocuspocus processes joined by its Redis extension storing in
// the same PostgreSQL, each as 1, 2 or 3 processes. Every process is pinned to the server core
// beside PostgreSQL and Redis; the load generator keeps the other core. Parley on SQLite (the
// arm `parley`, one process) runs beside them in the same rounds and is what the ratios divide by.

import fs from 'node:fs'
import path from 'node:path'
import { ARMS, ROOT, relayServer, type Arm, type ScaleArmId, type ScaleFamily } from './arms.ts'
import type { Deployment } from './deployment.ts'
import { registerParleyUsersPg } from './parley-pg-users.ts'
import type { Population } from './population.ts'
import { freePort, startServer, sleep, type ServerProcess, type ServerSpec } from './proc.ts'
import { redisClients, type ScaleServices } from './scale-services.ts'
import { removeDir, tempDir } from './workload.ts'
import { DATABASE_FILE } from '../../../sync-server/src/storage/database.ts'

const BENCH = path.join(ROOT, 'tests/bench')

/** Three relays starting at once under tsx on one shared core take several times one's 3 s. */
const START_TIMEOUT_MS = 90_000

interface Round {
  databaseUrl: string
  dirs: string[]
  servers: ServerProcess[]
  drop(): Promise<void>
}

/** Starts `count` processes of `spec(dir)` at once; on any failure stops what started. */
async function startMany(count: number, spec: (dataDir: string) => ServerSpec, round: Round): Promise<void> {
  const dirs = Array.from({ length: count }, () => tempDir('scale'))
  round.dirs.push(...dirs)
  const started = await Promise.allSettled(dirs.map(async (dir) => startServer(spec(dir), await freePort(), START_TIMEOUT_MS)))
  for (const s of started) if (s.status === 'fulfilled') round.servers.push(s.value)
  const failed = started.find((s) => s.status === 'rejected')
  if (failed) throw (failed as PromiseRejectedResult).reason
}

async function endRound(round: Round): Promise<void> {
  await Promise.all(round.servers.map((s) => s.stop()))
  await round.drop().catch(() => {}) // a database left behind goes with the cluster at the end
  for (const dir of round.dirs) removeDir(dir)
}

/** Gets a round's database and empty Redis, runs `start`, and gives back the deployment. */
async function deployRound(services: ScaleServices, start: (round: Round) => Promise<void>): Promise<Deployment> {
  services.flushRedis()
  const db = await services.freshDatabase()
  const round: Round = { databaseUrl: db.url, dirs: [], servers: [], drop: db.drop }
  try {
    await start(round)
    services.pin() // the new servers' database connections are new PostgreSQL processes
  } catch (err) {
    await endRound(round)
    throw err
  }
  return { ports: round.servers.map((s) => s.port), servers: round.servers, servicePids: services.pids, stop: () => endRound(round) }
}

/** Waits until Redis counts at least `n` clients besides the one asking; false after `timeoutMs`. */
async function redisSees(redisUrl: string, n: number, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (redisClients(redisUrl) - 1 >= n) return true
    await sleep(50)
  }
  return false
}

/**
 * Checks that every relay really runs on PostgreSQL and Redis, so that a relay that ignores the
 * variables fails the round with the reason instead of being measured on SQLite and alone.
 */
export async function checkParleyBackends(round: Pick<Round, 'dirs' | 'servers'>, redisUrl: string): Promise<void> {
  for (const [i, dir] of round.dirs.entries()) {
    if (fs.existsSync(path.join(dir, DATABASE_FILE))) {
      throw new Error(`relay ${i + 1} ignored PARLEY_DATABASE_URL: it opened SQLite (${DATABASE_FILE} in its data folder); this checkout's relay has no PostgreSQL backend wired in`)
    }
  }
  for (const server of round.servers) {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/ready`)
    if (res.status !== 200) throw new Error(`relay on port ${server.port} is not ready: ${await res.text()}`)
  }
  if (!(await redisSees(redisUrl, round.servers.length))) {
    throw new Error(`the relays did not connect to Redis (PARLEY_REDIS_URL): ${round.servers.length} relays, ${redisClients(redisUrl) - 1} Redis clients`)
  }
}

function parleyPg(processes: number, services: ScaleServices): Arm {
  return {
    ...ARMS.parley,
    id: `parley-pg-${processes}` satisfies ScaleArmId,
    label: `Parley PG+Redis ×${processes}`,
    deploy: (population: Population) =>
      deployRound(services, async (round) => {
        await registerParleyUsersPg(ROOT, round.databaseUrl, population)
        const env = { PARLEY_DATABASE_URL: round.databaseUrl, PARLEY_REDIS_URL: services.redisUrl }
        await startMany(processes, (dir) => relayServer(ROOT)(dir, env), round)
        await checkParleyBackends(round, services.redisUrl)
      }),
  }
}

const versionOf = (pkg: string): string => {
  const file = path.join(ROOT, 'node_modules', pkg, 'package.json')
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version : 'missing'
}

function hocuspocusRedis(processes: number, services: ScaleServices): Arm {
  return {
    ...ARMS.hocuspocus,
    id: `hocuspocus-redis-${processes}` satisfies ScaleArmId,
    label: `Hocuspocus+Redis ×${processes}`,
    version: `@hocuspocus/server ${versionOf('@hocuspocus/server')} + extension-redis ${versionOf('@hocuspocus/extension-redis')} + extension-database ${versionOf('@hocuspocus/extension-database')} on PostgreSQL`,
    deploy: () =>
      deployRound(services, async (round) => {
        const env = { HOST: '127.0.0.1', DATABASE_URL: round.databaseUrl, REDIS_URL: services.redisUrl }
        await startMany(processes, () => ({ args: [path.join(BENCH, 'anchors/hocuspocus-redis.mjs')], env, cwd: BENCH }), round)
        if (!(await redisSees(services.redisUrl, processes))) throw new Error('the Hocuspocus processes did not connect to Redis')
      }),
  }
}

/** The section's arms in order: Parley on SQLite, then each family at each process count. */
export function scaleArms(families: readonly ScaleFamily[], processes: readonly number[], services: ScaleServices): Arm[] {
  const arms: Arm[] = [ARMS.parley]
  for (const n of processes) if (families.includes('parley-pg')) arms.push(parleyPg(n, services))
  for (const n of processes) if (families.includes('hocuspocus-redis')) arms.push(hocuspocusRedis(n, services))
  return arms
}
