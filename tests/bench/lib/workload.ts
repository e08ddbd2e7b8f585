// What a workload is to the orchestrator: its cases (sizes), its metrics, how one round of one
// case runs against one arm, and the helpers every workload uses to get a fresh server.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Arm, ArmId } from './arms.ts'
import type { Population } from './population.ts'
import { freePort, startServer, type ServerProcess } from './proc.ts'

export type Mode = 'full' | 'quick'

export interface MetricDef {
  key: string
  label: string
  /** Which way is better, for the ratio's reading and the plots. */
  better: 'lower' | 'higher'
  digits?: number
  /** Shown as a ratio to Parley in the table. */
  headline?: boolean
}

export interface RoundResult {
  metrics: Record<string, number>
  /** Load process CPU over the measured window, % of one core. */
  loadCpuPct: number
  /** Share of the window the server's main thread was ready to run but waited for its core, %. */
  waitPct: number
  /** Why this round does not count (load generator saturated, lost messages, …); absent when valid. */
  invalid?: string
  /** Set when the machine was busy with other work: the orchestrator runs the round again. */
  disturbed?: string
  /** Anything else worth keeping in the JSON (per-step data of W3, say). */
  detail?: unknown
}

export interface Workload<Case = unknown, Prepared = unknown> {
  id: string
  title: string
  /** One paragraph on what runs and what is measured, for docs/benchmarks.md. */
  method: string
  /** Arms the workload means nothing for (W4 for an arm that stores nothing). Default: all. */
  appliesTo?(arm: Arm): boolean
  /** Cases an arm that applies runs (W4h's 1M chat and W5's compact presence, Parley only). Default: all. */
  caseAppliesTo?(arm: Arm, c: Case): boolean
  cases(mode: Mode): Case[]
  caseLabel(c: Case): string
  metrics: MetricDef[]
  /** Work done once per arm and case, before the rounds (W4 writes its stored chats here). */
  prepare?(arm: Arm, c: Case, mode: Mode): Promise<Prepared>
  run(arm: Arm, c: Case, mode: Mode, prepared: Prepared): Promise<RoundResult>
  /** Frees what prepare made. */
  cleanup?(prepared: Prepared): Promise<void>
}

/** A load process above this share of its core may have delayed what it measured. */
export const LOAD_SATURATED_PCT = 90

export const saturated = (loadCpuPct: number): string | undefined =>
  loadCpuPct > LOAD_SATURATED_PCT ? `load generator at ${loadCpuPct.toFixed(0)}% of its core` : undefined

/**
 * A server whose main thread waited for its core longer than this share of the window was held
 * back: by other work on the machine (the round measured the neighbours too), or by its own
 * helper threads (GC, compiler, storage) sharing the one core it is pinned to.
 */
export const DISTURBED_PCT = 5

/**
 * Deployments of several processes (or with PostgreSQL and Redis beside them) wait for each other
 * on their one core by design, so their wait says nothing; the round was disturbed instead when
 * work that is none of theirs took more than this share of the server core.
 */
export const FOREIGN_PCT = 15

/**
 * Why a round was disturbed, if it was: the server waited for its core, or (when the wait means
 * nothing: NaN) other work took the server core.
 */
export function disturbance(waitPct: number, otherPct = NaN): string | undefined {
  if (waitPct > DISTURBED_PCT) return `the server's main thread waited for its core ${waitPct.toFixed(0)}% of the time`
  if (Number.isNaN(waitPct) && otherPct > FOREIGN_PCT) return `other work took ${otherPct.toFixed(0)}% of the server core`
  return undefined
}

/**
 * The validity fields of a round: invalid when the load generator saturated or `problem` says
 * so, disturbed when the server had to wait for its core (or, for a deployment, others used it).
 */
export function verdict(w: { loadCpuPct: number; waitPct: number; otherPct?: number }, problem?: string): Pick<RoundResult, 'invalid' | 'disturbed'> {
  const invalid = saturated(w.loadCpuPct) ?? problem
  const disturbed = disturbance(w.waitPct, w.otherPct)
  return { ...(invalid ? { invalid } : {}), ...(disturbed ? { disturbed } : {}) }
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `parley-bench-${label}-`))
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true })
}

export interface FreshServer {
  server: ServerProcess
  dataDir: string
}

/**
 * Runs `fn` against a newly started arm with its own data folder (made empty unless given),
 * with `population` registered first; stops the server and removes the folder afterwards.
 */
export async function onFreshServer<T>(
  arm: Arm,
  options: { population?: Population; dataDir?: string; env?: Record<string, string>; keepDir?: boolean },
  fn: (fresh: FreshServer) => Promise<T>,
): Promise<T> {
  const dataDir = options.dataDir ?? tempDir(arm.id)
  try {
    if (options.population) await arm.register(dataDir, options.population)
    const server = await startServer(arm.server(dataDir, options.env), await freePort())
    try {
      return await fn({ server, dataDir })
    } finally {
      await server.stop()
    }
  } finally {
    if (!options.keepDir) removeDir(dataDir)
  }
}

export const armIds = (arms: Arm[]): ArmId[] => arms.map((a) => a.id)
