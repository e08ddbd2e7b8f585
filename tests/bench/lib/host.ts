// The orchestrator's side of a load job: starts the load process pinned to the load core, hands
// it the job, answers its probes with the server's CPU and memory read at that instant, and
// returns its result. The load side is load/worker.ts.

import { spawn } from 'node:child_process'
import path from 'node:path'
import { Cores, coreTime, placement, track, type CoreTime, type ServerProcess, type Usage } from './proc.ts'
import { ROOT } from './arms.ts'
import { serversUsage, servicesUsage, single, type Deployment } from './deployment.ts'
import { useProber } from '../load/probe.ts'

/** A probe as the load process sees it: the server's usage and its own at the same moment. */
export interface Probe {
  label: string
  at: number
  server: Usage | null
  /** The services behind the servers (PostgreSQL, Redis), null when there are none. */
  services: Usage | null
  /** The server's core as a whole, whoever ran on it. */
  serverCore: CoreTime
  load: { cpuMs: number }
}

export type HostMessage =
  | { type: 'job'; job: string; params: unknown }
  | { type: 'probe'; id: number; server: Usage | null; services: Usage | null; serverCore: CoreTime }
export type WorkerMessage =
  | { type: 'probe'; id: number }
  | { type: 'result'; data: unknown }
  | { type: 'error'; message: string }

const WORKER = path.join(ROOT, 'tests/bench/load/worker.ts')

export type Job = (params: unknown) => Promise<unknown>

let inProcess: Record<string, Job> | null = null

/**
 * Runs load jobs inside this process from now on instead of a pinned load process: quick mode,
 * where a process start per job would cost more than the job and the numbers are not the point.
 */
export function runJobsInProcess(jobs: Record<string, Job>): void {
  inProcess = jobs
}

/** What a probe reports of the servers: one process, or every process of a deployment. */
export type Measured = ServerProcess | Deployment | null

const measure = (measured: Measured) => {
  const deployment = measured === null ? null : 'servers' in measured ? measured : single(measured)
  return {
    server: deployment ? serversUsage(deployment) : null,
    services: deployment ? servicesUsage(deployment) : null,
    serverCore: coreTime(Cores.server),
  }
}

/** Runs one job in a fresh load process. Rejects on error, crash or when `timeoutMs` passes. */
export function runJob<T>(job: string, params: unknown, server: Measured, timeoutMs: number): Promise<T> {
  if (inProcess) return runHere<T>(inProcess, job, params, server, timeoutMs)
  const [command, ...args] = [...placement(Cores.load), process.execPath, '--import', 'tsx', WORKER]
  const child = spawn(command!, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'pipe', 'ipc'] })
  track(child)
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  return new Promise<T>((resolve, reject) => {
    let settled = false
    const settle = (fn: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      fn()
      if (child.exitCode === null) child.kill('SIGKILL')
    }
    const timer = setTimeout(() => settle(() => reject(new Error(`load job ${job} timed out after ${timeoutMs} ms\n${stderr}`))), timeoutMs)
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'probe') {
        child.send({ type: 'probe', id: message.id, ...measure(server) } satisfies HostMessage)
      } else if (message.type === 'result') {
        settle(() => resolve(message.data as T))
      } else if (message.type === 'error') {
        settle(() => reject(new Error(`load job ${job}: ${message.message}\n${stderr}`)))
      }
    })
    child.on('exit', (code) => settle(() => reject(new Error(`load process exited (${code}) during ${job}\n${stderr}`))))
    child.send({ type: 'job', job, params } satisfies HostMessage)
  })
}

async function runHere<T>(jobs: Record<string, Job>, job: string, params: unknown, server: Measured, timeoutMs: number): Promise<T> {
  const run = jobs[job]
  if (!run) throw new Error(`unknown job ${job}`)
  useProber(async () => measure(server))
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`load job ${job} timed out after ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    return (await Promise.race([run(params), timeout])) as T
  } finally {
    clearTimeout(timer)
  }
}
