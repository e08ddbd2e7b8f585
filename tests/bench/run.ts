// `npm run bench`: runs every workload against every arm, each arm its own server process pinned
// to one core with the load on the other, arms alternating their order over the rounds; prints a
// table per workload and writes docs/benchmarks.md with the plots (tests/.artifacts/bench for
// --quick and partial runs). Benchmarks print numbers; they assert nothing. With --scale it runs
// the multi-process section instead (W2 and W3 on several processes over PostgreSQL and Redis).

import os from 'node:os'
import path from 'node:path'
import { ARMS, BASELINE_ARM, ROOT, armAvailable, profiled, type Arm } from './lib/arms.ts'
import { baselineArm } from './lib/baseline.ts'
import { SCALE_WORKLOADS, parseOptions } from './lib/options.ts'
import { Cores, canPin, killAll, pinProcess, sleep } from './lib/proc.ts'
import { renderText, tableOf, type Entry, type WorkloadRun } from './lib/summary.ts'
import type { Workload } from './lib/workload.ts'
import { stored, writeReport, type StoredRun } from './lib/report.ts'
import { runJobsInProcess } from './lib/host.ts'
import { JOBS } from './workloads/jobs.ts'
import { WORKLOADS } from './workloads/index.ts'
import { scaled } from './workloads/scaled.ts'
import { scaleArms } from './lib/scale-arms.ts'
import { startScaleServices, type ScaleServices } from './lib/scale-services.ts'

const options = parseOptions(process.argv.slice(2))
const started = Date.now()

/** PostgreSQL and Redis of the multi-process section; null without --scale. */
let services: ScaleServices | null = null

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll()
    void (services?.remove() ?? Promise.resolve()).finally(() => process.exit(130))
  })
}
process.on('exit', killAll)

// The orchestrator itself stays off the server's core.
pinProcess(process.pid, Cores.load)
if (options.mode === 'quick') runJobsInProcess(JOBS)

const log = (line: string) => process.stderr.write(`${line}\n`)
const arms: Arm[] = []
const skipped: string[] = []
if (options.scale) {
  log(`bench: multi-process section; this machine has ${os.cpus().length} cores: every server process, PostgreSQL and Redis on core ${Cores.server}, the load generator on core ${Cores.load}`)
  try {
    services = await startScaleServices()
  } catch (err) {
    log(`bench: could not start PostgreSQL and Redis for --scale: ${(err as Error).message}`)
    process.exit(1)
  }
  arms.push(...scaleArms(options.scaleFamilies, options.processes, services))
}
for (const id of options.scale ? [] : options.arms) {
  let arm: Arm
  if (id === BASELINE_ARM) arm = baselineArm(options.baseline!) // options refuse the arm without it
  else if (armAvailable(id)) arm = ARMS[id]
  else {
    skipped.push(`${ARMS[id].label}: not available in this checkout`)
    continue
  }
  arms.push(options.cpuProf.includes(id) ? profiled(arm, path.join(ROOT, 'tests/.artifacts/bench/profiles')) : arm)
}
const chosen = WORKLOADS.filter((w) => options.only.length === 0 || options.only.includes(w.id.toUpperCase()))
const workloads = options.scale ? chosen.filter((w) => SCALE_WORKLOADS.includes(w.id)).map(scaled) : chosen

log(`bench: ${options.mode} mode, ${options.rounds} round(s), arms ${arms.map((a) => a.label).join(', ')}` + (canPin() ? '' : ' (taskset or a second core missing: NOT pinned)'))
for (const s of skipped) log(`bench: skipping ${s}`)
// Which sources the old relay runs from, in the log: the worktree's, never this checkout's.
for (const arm of arms) if (arm.id === BASELINE_ARM) log(`bench: ${arm.label} is the ${arm.version}: node ${arm.server('<data>').args.join(' ')}`)

/** Round r runs the arms starting from the r-th, so no arm always goes first (or last). */
const rotate = <T>(list: T[], by: number): T[] => list.map((_, i) => list[(i + by) % list.length]!)

async function runWorkload(workload: Workload): Promise<WorkloadRun> {
  const cases = workload.cases(options.mode)
  const entries: Entry[] = []
  const armsOfWorkload = arms.filter((a) => workload.appliesTo?.(a) ?? true)
  for (const c of cases) {
    const caseLabel = workload.caseLabel(c)
    const armsHere = armsOfWorkload.filter((a) => workload.caseAppliesTo?.(a, c) ?? true)
    const byArm = new Map<string, Entry>()
    const prepared = new Map<string, unknown>()
    for (const arm of armsHere) {
      const entry: Entry = { arm: arm.id, label: arm.label, caseLabel, rounds: [], errors: [] }
      byArm.set(arm.id, entry)
      entries.push(entry)
      if (workload.prepare) {
        const t = Date.now()
        try {
          prepared.set(arm.id, await workload.prepare(arm, c, options.mode))
          log(`  ${workload.id} ${caseLabel} ${arm.label}: prepared in ${((Date.now() - t) / 1000).toFixed(1)} s`)
        } catch (err) {
          entry.errors.push(`prepare failed: ${(err as Error).message}`)
          log(`  ${workload.id} ${caseLabel} ${arm.label}: prepare FAILED: ${(err as Error).message}`)
        }
      }
    }
    for (let round = 0; round < options.rounds; round++) {
      for (const arm of rotate(armsHere, round)) {
        const entry = byArm.get(arm.id)!
        if (workload.prepare && !prepared.has(arm.id)) continue
        const t = Date.now()
        try {
          let result = await workload.run(arm, c, options.mode, prepared.get(arm.id))
          // A round that shared the server's core with other work measured that work too: run it
          // again, a bounded number of times, and keep the last one (flagged if still disturbed).
          for (let retry = 0; result.disturbed && retry < options.retries; retry++) {
            log(`  ${workload.id} ${caseLabel} round ${round + 1} ${arm.label}: ${result.disturbed}; running it again`)
            await sleep(2000)
            result = await workload.run(arm, c, options.mode, prepared.get(arm.id))
          }
          entry.rounds.push(result)
          const shown = workload.metrics
            .filter((m) => m.headline)
            .map((m) => `${m.label} ${result.metrics[m.key]?.toFixed(m.digits ?? 1)}`)
            .join(', ')
          log(
            `  ${workload.id} ${caseLabel} round ${round + 1} ${arm.label}: ${shown}, load CPU ${result.loadCpuPct.toFixed(0)}%` +
              `${result.invalid ? ` INVALID (${result.invalid})` : ''}${result.disturbed ? ` DISTURBED (${result.disturbed})` : ''}` +
              ` [${((Date.now() - t) / 1000).toFixed(1)} s]`,
          )
        } catch (err) {
          entry.errors.push((err as Error).message)
          log(`  ${workload.id} ${caseLabel} round ${round + 1} ${arm.label}: FAILED: ${(err as Error).message}`)
        }
      }
    }
    if (workload.cleanup) for (const p of prepared.values()) await workload.cleanup(p)
  }
  return { id: workload.id, title: workload.title, method: workload.method, metrics: workload.metrics, cases: cases.map((c) => workload.caseLabel(c)), entries }
}

// The report is written after every workload, so that a long run stopped halfway keeps what it measured.
const runs: StoredRun[] = []
let written: string[] = []
try {
  for (const workload of workloads) {
    log(`${workload.id} ${workload.title}`)
    const t = Date.now()
    const run = await runWorkload(workload)
    const context = { options, arms, skipped, wallMs: Date.now() - started }
    runs.push(stored(run, context, Date.now() - t))
    console.log(`\n${run.id} ${run.title}\n${renderText(tableOf(run))}\n`)
    written = await writeReport(runs, context)
  }
} finally {
  await services?.remove()
}
console.log(`bench: done in ${((Date.now() - started) / 1000).toFixed(1)} s${written.length ? `; wrote ${written.join(', ')}` : ''}`)
