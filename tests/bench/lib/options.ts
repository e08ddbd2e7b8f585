// Command-line options of `npm run bench`.

import { ARM_IDS, BASELINE_ARM, SCALE_FAMILIES, type OneProcessArmId, type ScaleFamily } from './arms.ts'
import type { Mode } from './workload.ts'

export interface Options {
  mode: Mode
  rounds: number
  /** Workload ids to run (W1…W5, W4h), upper-cased; all when empty. */
  only: string[]
  arms: OneProcessArmId[]
  /** Where to write the report and plots; the docs folder for a full run. */
  write: 'docs' | 'artifacts' | 'none'
  json: string | null
  /** How many times a round in which the server waited for its core is run again. */
  retries: number
  /** Arms whose server runs with --cpu-prof (profiles land in tests/.artifacts/bench/profiles). */
  cpuProf: OneProcessArmId[]
  /** The git ref whose relay runs as the arm parley-before; null without --baseline. */
  baseline: string | null
  /** Run the multi-process section (W2 and W3 on several processes) instead of the one-process one. */
  scale: boolean
  /** The section's families of arms (Parley on SQLite always runs beside them). */
  scaleFamilies: ScaleFamily[]
  /** How many server processes each family runs as, in turn. */
  processes: number[]
}

/** The workloads of the multi-process section. */
export const SCALE_WORKLOADS = ['W2', 'W3']
const DEFAULT_PROCESSES = [1, 2, 3]

export const USAGE = `npm run bench -- [--quick] [--rounds N] [--only W2,W3] [--arms parley,raw-ws] [--baseline REF] [--no-write] [--json FILE]

  --quick      every workload small, one round, under a minute; writes to tests/.artifacts/bench
  --rounds N   rounds per arm (default 3; arms alternate their order every round)
  --only       run these workloads only (their sections of docs/benchmarks.md are replaced, the rest kept)
  --arms       run these arms only (parley, hocuspocus, y-websocket, raw-ws, and parley-before with
               --baseline; a run without all four does not write docs/)
  --baseline R also run the relay of git ref R as the arm parley-before, in the same rounds
               (a worktree in node_modules/.cache/parley-bench/baseline; ratios stay ÷ Parley)
  --retries N  run a round again up to N times when the server had to wait for its core (default 1)
  --no-write   print the tables only
  --json FILE  also write this run's raw numbers to FILE (docs/benchmarks-data.json keeps every workload's)
  --cpu-prof A run these arms' servers with node --cpu-prof (tests/.artifacts/bench/profiles)

  e.g. npm run bench -- --only W2 --arms parley,parley-before --baseline fae12f9`

const armList = (flag: string, list: string): OneProcessArmId[] => {
  const arms = list.split(',').filter(Boolean)
  for (const a of arms) if (a !== BASELINE_ARM && !(ARM_IDS as readonly string[]).includes(a)) throw new Error(`${flag}: unknown arm ${a}\n\n${USAGE}`)
  return arms as OneProcessArmId[]
}

export function parseOptions(argv: string[]): Options {
  const options: Options = {
    mode: 'full',
    rounds: 3,
    only: [],
    arms: [...ARM_IDS],
    write: 'docs',
    json: null,
    cpuProf: [],
    retries: 1,
    baseline: null,
    scale: false,
    scaleFamilies: [...SCALE_FAMILIES],
    processes: DEFAULT_PROCESSES,
  }
  let roundsGiven = false
  // Which names --arms takes depends on --scale, which may come after it.
  let armsGiven: string | null = null
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${arg} needs a value\n\n${USAGE}`)
      return v
    }
    switch (arg) {
      case '--quick':
        options.mode = 'quick'
        break
      case '--rounds':
        options.rounds = Number(value())
        roundsGiven = true
        if (!Number.isInteger(options.rounds) || options.rounds < 1) throw new Error('--rounds wants a whole number ≥ 1')
        break
      case '--retries':
        options.retries = Number(value())
        if (!Number.isInteger(options.retries) || options.retries < 0) throw new Error('--retries wants a whole number ≥ 0')
        break
      case '--only':
        options.only = value().toUpperCase().split(',').filter(Boolean)
        break
      case '--arms':
        armsGiven = value()
        break
      case '--scale':
        options.scale = true
        break
      case '--processes':
        options.processes = value().split(',').filter(Boolean).map(Number)
        if (!options.processes.length || !options.processes.every((n) => Number.isInteger(n) && n >= 1 && n <= 8)) {
          throw new Error('--processes wants whole numbers from 1 to 8, e.g. 1,2,3')
        }
        break
      case '--cpu-prof':
        options.cpuProf = armList(arg, value())
        break
      case '--baseline':
        options.baseline = value()
        break
      case '--no-write':
        options.write = 'none'
        break
      case '--json':
        options.json = value()
        break
      case '--help':
      case '-h':
        console.log(USAGE)
        process.exit(0)
      // falls through (exit does not return)
      default:
        throw new Error(`unknown option ${arg}\n\n${USAGE}`)
    }
  }
  if (options.scale) return scaleOptions(options, armsGiven, roundsGiven)
  if (options.processes !== DEFAULT_PROCESSES) throw new Error(`--processes goes with --scale\n\n${USAGE}`)
  if (armsGiven !== null) options.arms = armList('--arms', armsGiven)
  if (options.baseline === null && [...options.arms, ...options.cpuProf].includes(BASELINE_ARM)) {
    throw new Error(`the arm ${BASELINE_ARM} runs the relay of --baseline <git-ref>; give one\n\n${USAGE}`)
  }
  // --baseline is there to be measured: it joins whichever arms run.
  if (options.baseline !== null && !options.arms.includes(BASELINE_ARM)) options.arms.push(BASELINE_ARM)
  quickDefaults(options, roundsGiven)
  // A run without every arm, or a profiled one, has no business replacing the tables in the docs.
  if (options.write === 'docs' && (!ARM_IDS.every((a) => options.arms.includes(a)) || options.cpuProf.length)) {
    options.write = 'artifacts'
  }
  return options
}

function quickDefaults(options: Options, roundsGiven: boolean): void {
  if (options.mode !== 'quick') return
  options.retries = 0
  if (!roundsGiven) options.rounds = 1
  if (options.write === 'docs') options.write = 'artifacts'
}

/** The multi-process section: W2 and W3, the families named, the docs only for a whole run. */
function scaleOptions(options: Options, armsGiven: string | null, roundsGiven: boolean): Options {
  if (options.baseline !== null || options.cpuProf.length) throw new Error(`--scale runs no --baseline and no --cpu-prof\n\n${USAGE}`)
  const other = options.only.filter((w) => !SCALE_WORKLOADS.includes(w))
  if (other.length) throw new Error(`--scale runs ${SCALE_WORKLOADS.join(' and ')} only, not ${other.join(', ')}\n\n${USAGE}`)
  if (armsGiven !== null) {
    const families = armsGiven.split(',').filter(Boolean)
    for (const f of families) if (!(SCALE_FAMILIES as readonly string[]).includes(f)) throw new Error(`--scale --arms: unknown family ${f} (${SCALE_FAMILIES.join(', ')})\n\n${USAGE}`)
    options.scaleFamilies = families as ScaleFamily[]
  }
  options.arms = ['parley']
  quickDefaults(options, roundsGiven)
  const whole = SCALE_FAMILIES.every((f) => options.scaleFamilies.includes(f)) && DEFAULT_PROCESSES.every((n) => options.processes.includes(n))
  if (options.write === 'docs' && !whole) options.write = 'artifacts'
  return options
}
