// Processes of the benchmark: starting an arm's server pinned to its core, waiting for its port,
// stopping it, and reading what Linux says it used (/proc). It does not know what the processes
// are; arms.ts says how each one starts.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'

/** Clock ticks per second of /proc/<pid>/stat times (100 on every Linux we run on). */
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100

/** The cores servers and load run on: the server alone on one, everything else on the other. */
export const Cores = { server: 0, load: 1 } as const

// Read once at load: after the orchestrator pins itself, its own affinity shows one core only.
const PINNABLE = spawnSync('taskset', ['--version']).status === 0 && os.availableParallelism() >= 2

/** True when pinning makes sense: taskset exists and there are two cores to split. */
export const canPin = (): boolean => PINNABLE

/**
 * The machine may be shared (other people's test runs, browsers): as root, the bench's processes
 * run at nice -15, so that the scheduler gives the measured server most of its core even when
 * other work lands there. Every arm gets the same; the disturbance check still reports the rest.
 */
const BOOST = typeof process.getuid === 'function' && process.getuid() === 0 && spawnSync('nice', ['-n', '-15', 'true']).status === 0
export const NICE = -15

/** The command prefix that pins a process to `core` (and raises its priority when allowed). */
export function placement(core: number | string): string[] {
  return [...(BOOST ? ['nice', '-n', String(NICE)] : []), ...(canPin() ? ['taskset', '-c', String(core)] : [])]
}

export const boosted = (): boolean => BOOST

/** Pins an already running process (every thread of it) to one core. */
export function pinProcess(pid: number, core: number): void {
  if (BOOST) spawnSync('renice', ['-n', String(NICE), '-p', String(pid)], { stdio: 'ignore' })
  if (!canPin()) return
  spawnSync('taskset', ['-a', '-c', '-p', String(core), String(pid)], { stdio: 'ignore' })
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Resolves once 127.0.0.1:port accepts a TCP connection; rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!alive()) throw new Error('the process exited before it listened')
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (ok) return
    await sleep(50)
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`)
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export interface ServerSpec {
  /** Program arguments after `node`. */
  args: string[]
  env: Record<string, string>
  cwd: string
}

/** A running server: its pid, its recent output (for error reports), and how to stop it. */
export interface ServerProcess {
  pid: number
  port: number
  output(): string
  alive(): boolean
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>
}

const running = new Set<ChildProcess>()

/** Registers a child (a load process) to be killed with the servers when the harness stops. */
export function track(child: ChildProcess): void {
  running.add(child)
  child.once('exit', () => running.delete(child))
}

/** Every server's output is appended to this file too (for --trace-gc and the like). */
const SERVER_LOG = process.env['PARLEY_BENCH_SERVER_LOG']
/**
 * The cores servers may run on instead of Cores.server alone, e.g. "0,1" (an experiment: a relay
 * with a core for its helper threads beside the load; the disturbance check still reads core 0).
 */
const SERVER_CORES = process.env['PARLEY_BENCH_SERVER_CORES'] || undefined

/** Starts `node <args>` pinned to the server core and waits until it accepts connections. */
export async function startServer(spec: ServerSpec, port: number, timeoutMs = 30_000): Promise<ServerProcess> {
  const [command, ...args] = [...placement(SERVER_CORES ?? Cores.server), process.execPath, ...spec.args]
  const child = spawn(command!, args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  let log = ''
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000)
    if (SERVER_LOG) fs.appendFileSync(SERVER_LOG, chunk)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  let exited = false
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true
      running.delete(child)
      resolve()
    }),
  )
  const server: ServerProcess = {
    pid: child.pid!,
    port,
    output: () => log,
    alive: () => !exited,
    async stop(graceMs = 5000) {
      if (exited) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exit
      clearTimeout(timer)
    },
  }
  try {
    await waitForPort(port, timeoutMs, server.alive)
  } catch (err) {
    await server.stop(500)
    throw new Error(`${(err as Error).message}\n--- output ---\n${log}`)
  }
  return server
}

/** Kills every server this process started and has not stopped: for exits and interrupts. */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL')
  running.clear()
}

export interface Usage {
  /** CPU time (user + system) in milliseconds since the process started. */
  cpuMs: number
  /** Resident memory now, in KiB. */
  rssKb: number
  /** Highest resident memory so far, in KiB. */
  hwmKb: number
  /** Time the main thread was runnable but waited for a CPU (schedstat), in milliseconds. */
  waitMs: number
}

/** CPU and memory of one process (all its threads), as /proc reports them. */
export function usageOf(pid: number): Usage {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Field 2 (comm) may hold spaces; the fields after its closing parenthesis are positional.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0)
  const schedstat = fs.existsSync(`/proc/${pid}/schedstat`) ? fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ') : []
  const waitMs = schedstat.length >= 2 ? Number(schedstat[1]) / 1e6 : NaN
  return { cpuMs: (ticks * 1000) / CLK_TCK, rssKb: kb('VmRSS'), hwmKb: kb('VmHWM'), waitMs }
}

/** Busy and total time of one core since boot, in milliseconds (/proc/stat). */
export interface CoreTime {
  busyMs: number
  totalMs: number
}

/** Time spent by the given core; steal (the hypervisor running someone else) counts as busy. */
export function coreTime(core: number): CoreTime {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${core} `))
  if (!line) return { busyMs: NaN, totalMs: NaN }
  // user nice system idle iowait irq softirq steal guest guest_nice
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[]
  const busy = user! + nice! + system! + irq! + softirq! + steal!
  const toMs = (ticks: number) => (ticks * 1000) / CLK_TCK
  return { busyMs: toMs(busy), totalMs: toMs(busy + idle! + iowait!) }
}
