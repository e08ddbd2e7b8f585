// A running arm as a workload sees it: the ports its clients spread over, the server processes
// whose CPU and memory count as the relay's, and the services behind them (PostgreSQL, Redis),
// measured apart. A one-process arm is a deployment of one server and no services; the arms of
// the multi-process section (scale-arms.ts) start several.

import type { Arm } from './arms.ts'
import type { Population } from './population.ts'
import { usageOf, type ServerProcess, type Usage } from './proc.ts'
import { onFreshServer } from './workload.ts'

export interface Deployment {
  /** Where clients connect, spread round robin (load/chats.ts says in which order). */
  ports: number[]
  servers: ServerProcess[]
  /** The services' processes at this instant (PostgreSQL forks one per connection). */
  servicePids(): number[]
  stop(): Promise<void>
}

/** One server process, nothing behind it. */
export const single = (server: ServerProcess): Deployment => ({
  ports: [server.port],
  servers: [server],
  servicePids: () => [],
  stop: () => server.stop(),
})

/**
 * Runs `fn` against a newly started arm with `population` registered: its own deployment for a
 * multi-process arm, else one server with a fresh data folder. Stops everything afterwards.
 */
export async function onFreshDeployment<T>(arm: Arm, population: Population, fn: (deployment: Deployment) => Promise<T>): Promise<T> {
  if (!arm.deploy) return onFreshServer(arm, { population }, ({ server }) => fn(single(server)))
  const deployment = await arm.deploy(population)
  try {
    return await fn(deployment)
  } finally {
    await deployment.stop()
  }
}

/** Usage of several processes added up; null when one of them is gone (the round is void). */
function sum(pids: number[]): Usage | null {
  const total: Usage = { cpuMs: 0, rssKb: 0, hwmKb: 0, waitMs: 0 }
  for (const pid of pids) {
    const u = usageOf(pid)
    total.cpuMs += u.cpuMs
    total.rssKb += u.rssKb
    total.hwmKb += u.hwmKb
    total.waitMs += u.waitMs
  }
  return total
}

/**
 * The servers' usage as one: with more than one process, or services beside it, on the server
 * core, its processes wait for each other by design, so the wait (the disturbance check) is NaN.
 */
export function serversUsage(deployment: Deployment): Usage | null {
  try {
    if (!deployment.servers.every((s) => s.alive())) return null
    const usage = sum(deployment.servers.map((s) => s.pid))!
    const shared = deployment.servers.length > 1 || deployment.servicePids().length > 0
    return shared ? { ...usage, waitMs: NaN } : usage
  } catch {
    return null // a server exited between alive() and the read
  }
}

/** The services' usage, null when there are none. A process that just exited is left out. */
export function servicesUsage(deployment: Deployment): Usage | null {
  const pids = deployment.servicePids()
  if (pids.length === 0) return null
  const total: Usage = { cpuMs: 0, rssKb: 0, hwmKb: 0, waitMs: NaN }
  for (const pid of pids) {
    try {
      const u = usageOf(pid)
      total.cpuMs += u.cpuMs
      total.rssKb += u.rssKb
      total.hwmKb += u.hwmKb
    } catch {
      // gone since servicePids() listed it
    }
  }
  return total
}
