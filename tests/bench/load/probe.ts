// The load process's line to the orchestrator: `probe(label)` asks for the server's CPU and
// memory at this instant and pairs it with the load process's own CPU, so that every window a
// workload measures has both ends from the same moments.

import type { HostMessage, Probe, WorkerMessage } from '../lib/host.ts'
import type { CoreTime, Usage } from '../lib/proc.ts'

/** Reads the server's side of a probe: over IPC from the load process, or directly in-process. */
export type Prober = () => Promise<{ server: Usage | null; services: Usage | null; serverCore: CoreTime }>

let nextId = 0
const waiting = new Map<number, (message: HostMessage & { type: 'probe' }) => void>()

process.on('message', (message: HostMessage) => {
  if (message.type === 'probe') {
    waiting.get(message.id)?.(message)
    waiting.delete(message.id)
  }
})

const overIpc: Prober = () =>
  new Promise((resolve) => {
    const id = nextId++
    waiting.set(id, resolve)
    process.send!({ type: 'probe', id } satisfies WorkerMessage)
  })

let prober: Prober = overIpc

/** Replaces how probes reach the server's numbers (quick mode runs the load in-process). */
export function useProber(next: Prober): void {
  prober = next
}

export const cpuMsNow = () => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1000
}

export async function probe(label: string): Promise<Probe> {
  const { server, services, serverCore } = await prober()
  return { label, at: performance.now(), server, services, serverCore, load: { cpuMs: cpuMsNow() } }
}

/** What happened between two probes: CPU as a share of one core (100 = one core busy). */
export interface Window {
  ms: number
  serverCpuPct: number
  /** The services behind the servers (PostgreSQL, Redis) together, NaN when there are none. */
  servicesCpuPct: number
  loadCpuPct: number
  serverRssKb: number
  serverHwmKb: number
  /** Time the server's core spent on anything but the server and its services (other processes, the hypervisor), %. */
  otherOnServerCorePct: number
  /** Time the server's main thread was ready to run but waited for its core, % of the window. */
  serverWaitPct: number
}

export function windowOf(start: Probe, end: Probe): Window {
  const ms = end.at - start.at
  const pct = (a: number, b: number) => ((b - a) / ms) * 100
  const serverCpuPct = start.server && end.server ? pct(start.server.cpuMs, end.server.cpuMs) : NaN
  const coreTotal = end.serverCore.totalMs - start.serverCore.totalMs
  const coreBusyPct = coreTotal > 0 ? ((end.serverCore.busyMs - start.serverCore.busyMs) / coreTotal) * 100 : NaN
  return {
    ms,
    serverCpuPct,
    servicesCpuPct: start.services && end.services ? pct(start.services.cpuMs, end.services.cpuMs) : NaN,
    otherOnServerCorePct: Math.max(0, coreBusyPct - serverCpuPct - (start.services && end.services ? pct(start.services.cpuMs, end.services.cpuMs) : 0)),
    serverWaitPct: start.server && end.server ? pct(start.server.waitMs, end.server.waitMs) : NaN,
    loadCpuPct: pct(start.load.cpuMs, end.load.cpuMs),
    serverRssKb: end.server?.rssKb ?? NaN,
    serverHwmKb: end.server?.hwmKb ?? NaN,
  }
}
