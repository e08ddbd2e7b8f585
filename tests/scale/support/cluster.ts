// A Parley cluster for the scale-out tests: one PostgreSQL, one Redis and N relay PROCESSES on
// them (PARLEY_DATABASE_URL, PARLEY_REDIS_URL), each on its own port and data folder, demo
// seeding on. Each relay reaches Redis through its own TCP proxy, so a test can cut one relay off
// from Redis while the others keep it. Relays can be killed (SIGKILL) and started again on the same
// port; PostgreSQL and Redis can be stopped and started again on theirs.
//
// A relay that does not report the PostgreSQL backend and the Redis bus in GET /api/health is a
// relay these tests cannot judge: the cluster refuses to start, loudly, instead of letting every
// test time out against relays that share nothing.

import { removeDataDir, startRelayProcess, type RelayProcess } from '../../support/relay-process.ts'
import { tempDir, type Login } from '../../support/relay.ts'
import { startPostgres, startRedis, type Service } from '../../support/services.ts'
import { waitFor } from '../../support/wait.ts'
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts'

export interface ClusterOptions {
  /** How many relay processes (named A, B, C, …). */
  relays: number
  /** PARLEY_* settings for every relay, on top of the test defaults. */
  env?: Record<string, string>
}

export interface ClusterRelay {
  /** 'A', 'B', 'C', … */
  readonly name: string
  /** http://127.0.0.1:<port>; the same across restarts. */
  readonly url: string
  /** ws://…/sync base for y-websocket providers. */
  readonly syncUrl: string
  readonly port: number
  /** This relay's link to Redis (cut it to cut this relay off from Redis). */
  readonly redisLink: TcpProxy
  /** Started and not killed or stopped since. */
  running(): boolean
  /** SIGKILL: no chance to store or publish anything more. */
  kill(): Promise<void>
  /** SIGTERM: the relay finishes its work and exits. */
  stop(): Promise<void>
  /** Starts it again on the same port and data folder, and checks it like the first time. */
  start(): Promise<void>
  /** Stops it, closes its link to Redis and removes its data folder. */
  remove(): Promise<void>
  /** Exits the process made by itself (not by kill or stop) since the last call, with its last output; then forgets them. */
  takeCrashes(): string[]
}

export interface Cluster {
  postgres: Service
  redis: Service
  relays: ClusterRelay[]
  /** The next running relay, round robin: what a load balancer with no affinity would pick. */
  next(): ClusterRelay
  /** Signs in on `via` (the first relay by default); the session holds on every relay. */
  login(email: string, via?: ClusterRelay): Promise<Login>
  /** Stops every relay and both servers and removes their folders. */
  close(): Promise<void>
}

/**
 * Why a relay's GET /api/health answer shows it is not a scale-out relay, or null when it reports
 * the PostgreSQL backend (`storage: 'postgres'`) and the Redis bus (`bus: 'redis'`).
 */
export function scaleOutProblem(health: unknown): string | null {
  const fields = (typeof health === 'object' && health !== null ? health : {}) as { storage?: unknown; bus?: unknown }
  if (fields.storage !== 'postgres') return `does not report postgres (storage: ${JSON.stringify(fields.storage)})`
  if (fields.bus !== 'redis') return `does not report the Redis bus (bus: ${JSON.stringify(fields.bus)})`
  return null
}

export class NotScaleOutError extends Error {
  override name = 'NotScaleOutError'
}

// What a test process must not leave behind if it ends without its afterAll (an unhandled
// error, a worker torn down): relay processes are killed and servers stopped as it exits.
const liveRelays = new Set<RelayProcess>()
const liveServices = new Set<Service>()
process.once('exit', () => {
  for (const relay of liveRelays) relay.child.kill('SIGKILL')
  // stop() sends its signal (or runs pg_ctl) before its first await: enough in an exit handler.
  for (const service of liveServices) void service.stop().catch(() => {})
})

const RELAY_DEFAULTS: Record<string, string> = {
  PARLEY_DEMO: 'true',
  PARLEY_LOG_LEVEL: 'error',
  // A relay killed between storing and publishing: the others read it from the database this often.
  PARLEY_CATCH_UP_MS: '1000',
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()])
  liveServices.add(postgres).add(redis)
  const relays: ClusterRelay[] = []
  const cluster: Cluster = {
    postgres,
    redis,
    relays,
    next: roundRobin(relays),
    async login(email, via = relays[0]!) {
      const res = await fetch(`${via.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'parley' }),
      })
      if (!res.ok) throw new Error(`login of ${email} on relay ${via.name} failed: ${res.status} ${await res.text()}`)
      return (await res.json()) as Login
    },
    async close() {
      await Promise.all(relays.map((relay) => relay.remove()))
      await Promise.all([postgres.remove(), redis.remove()])
      liveServices.delete(postgres)
      liveServices.delete(redis)
    },
  }
  try {
    const names = Array.from({ length: options.relays }, (_, i) => String.fromCharCode(65 + i))
    const env = { ...RELAY_DEFAULTS, ...options.env, PARLEY_DATABASE_URL: postgres.url }
    // One relay first, so that it runs the migrations and the seeding alone; then the rest at once.
    relays.push(await startClusterRelay(names[0]!, env, redis))
    const rest = await Promise.allSettled(names.slice(1).map((name) => startClusterRelay(name, env, redis)))
    for (const started of rest) if (started.status === 'fulfilled') relays.push(started.value)
    const failed = rest.find((started) => started.status === 'rejected')
    if (failed) throw failed.reason
  } catch (error) {
    await cluster.close().catch(() => {})
    throw error
  }
  return cluster
}

async function startClusterRelay(name: string, env: Record<string, string>, redis: Service): Promise<ClusterRelay> {
  const redisLink = await startTcpProxy(redis.port)
  const dataDir = tempDir(`parley-cluster-${name}-`)
  const relayEnv = { ...env, PARLEY_REDIS_URL: `redis://127.0.0.1:${redisLink.port}` }
  let current: RelayProcess | null = null
  let port = 0
  const crashes: string[] = []

  const launch = async () => {
    const started = await startRelayProcess({ dataDir, port, env: relayEnv })
    liveRelays.add(started)
    const output = lastOutput(started)
    started.child.once('exit', (code, signal) => {
      liveRelays.delete(started)
      if (current !== started) return // ended by kill() or stop()
      current = null
      crashes.push(`relay ${name} exited by itself (${signal ?? `code ${code}`}); its last output:\n${output()}`)
    })
    try {
      await checkScaleOut(name, started.url)
    } catch (error) {
      await started.kill()
      throw error
    }
    port = started.port
    current = started
  }
  const end = async (how: 'kill' | 'stop') => {
    const running = current
    current = null
    await running?.[how]()
  }
  await launch().catch(async (error: unknown) => {
    await redisLink.close()
    removeDataDir(dataDir)
    throw error
  })
  const url = `http://127.0.0.1:${port}`
  return {
    name,
    url,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    port,
    redisLink,
    running: () => current !== null,
    kill: () => end('kill'),
    async stop() {
      await end('stop')
    },
    async start() {
      if (current) throw new Error(`relay ${name} is running already`)
      await launch()
    },
    async remove() {
      await end('stop')
      await redisLink.close()
      removeDataDir(dataDir)
    },
    takeCrashes: () => crashes.splice(0),
  }
}

/** The last few kilobytes a relay process wrote (logs at PARLEY_LOG_LEVEL, a stack trace if it died). */
function lastOutput(relay: RelayProcess): () => string {
  let tail = ''
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000)
  }
  relay.child.stdout?.on('data', keep)
  relay.child.stderr?.on('data', keep)
  return () => tail
}

/** Fails with NotScaleOutError unless the relay reports PostgreSQL and Redis; then waits until it is ready. */
export async function checkScaleOut(name: string, url: string): Promise<void> {
  const res = await fetch(`${url}/api/health`)
  const body = await res.text()
  let health: unknown = null
  try {
    health = JSON.parse(body)
  } catch {
    health = body
  }
  const problem = res.ok ? scaleOutProblem(health) : `answers GET /api/health with ${res.status}`
  if (problem) {
    throw new NotScaleOutError(
      `relay ${name} at ${url} ${problem}: GET /api/health answered ${body}. The scale-out tests need relays that store in PostgreSQL ` +
        `(PARLEY_DATABASE_URL) and talk over Redis (PARLEY_REDIS_URL), and say so in /api/health as storage: 'postgres' and bus: 'redis' (issue 10).`,
    )
  }
  await waitFor(async () => (await fetch(`${url}/api/ready`)).ok, `relay ${name} to be ready (GET /api/ready)`, 20_000)
}

/**
 * Round robin over the relays that are running now. With none running it still names one, as a
 * balancer with every backend down still takes the connection (which then fails, and is retried).
 */
function roundRobin(relays: readonly ClusterRelay[]): () => ClusterRelay {
  let turn = 0
  return () => {
    for (let tried = 0; tried < relays.length; tried++) {
      const relay = relays[turn++ % relays.length]!
      if (relay.running()) return relay
    }
    return relays[turn++ % relays.length]!
  }
}
