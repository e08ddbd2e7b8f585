// Command-line options of `npm run bench`.

import { ARM_IDS, type ArmId } from './arms.ts'
import type { Mode } from './workload.ts'

export interface Options {
  mode: Mode
  rounds: number
  /** Workload ids to run (W1…W5); all when empty. */
  only: string[]
  arms: ArmId[]
  /** Where to write the report and plots; the docs folder for a full run. */
  write: 'docs' | 'artifacts' | 'none'
  json: string | null
  /** How many times a round in which the server waited for its core is run again. */
  retries: number
  /** Arms whose server runs with --cpu-prof (profiles land in tests/.artifacts/bench/profiles). */
  cpuProf: ArmId[]
}

export const USAGE = `npm run bench -- [--quick] [--rounds N] [--only W2,W3] [--arms parley,raw-ws] [--no-write] [--json FILE]

  --quick      every workload small, one round, under a minute; writes to tests/.artifacts/bench
  --rounds N   rounds per arm (default 3; arms alternate their order every round)
  --only       run these workloads only (their sections of docs/benchmarks.md are replaced, the rest kept)
  --arms       run these arms only (parley, hocuspocus, y-websocket, raw-ws; such a run does not write docs/)
  --retries N  run a round again up to N times when the server had to wait for its core (default 1)
  --no-write   print the tables only
  --json FILE  also write this run's raw numbers to FILE (docs/benchmarks-data.json keeps every workload's)
  --cpu-prof A run these arms' servers with node --cpu-prof (tests/.artifacts/bench/profiles)`

export function parseOptions(argv: string[]): Options {
  const options: Options = { mode: 'full', rounds: 3, only: [], arms: [...ARM_IDS], write: 'docs', json: null, cpuProf: [], retries: 1 }
  let roundsGiven = false
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
      case '--arms': {
        const arms = value().split(',').filter(Boolean)
        for (const a of arms) if (!(ARM_IDS as readonly string[]).includes(a)) throw new Error(`unknown arm ${a}\n\n${USAGE}`)
        options.arms = arms as ArmId[]
        break
      }
      case '--cpu-prof': {
        const arms = value().split(',').filter(Boolean)
        for (const a of arms) if (!(ARM_IDS as readonly string[]).includes(a)) throw new Error(`unknown arm ${a}\n\n${USAGE}`)
        options.cpuProf = arms as ArmId[]
        break
      }
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
  if (options.mode === 'quick') {
    options.retries = 0
    if (!roundsGiven) options.rounds = 1
    if (options.write === 'docs') options.write = 'artifacts'
  }
  // A run without every arm, or a profiled one, has no business replacing the tables in the docs.
  if (options.write === 'docs' && (options.arms.length < ARM_IDS.length || options.cpuProf.length)) {
    options.write = 'artifacts'
  }
  return options
}
