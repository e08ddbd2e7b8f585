// The four arms: how each server starts, which dialect its clients speak, and how its users get
// credentials. Every arm is its own Node process started by the harness (proc.ts pins it). The
// fifth, `parley-before` (another commit's relay, for `--baseline`), is made in baseline.ts.

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { spawnSync } from 'node:child_process'
import type { ServerSpec } from './proc.ts'
import type { Population } from './population.ts'
import type { Deployment } from './deployment.ts'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const BENCH = path.join(ROOT, 'tests/bench')

/** The arms of a full run: only a run of all of them rewrites the tables in docs/. */
export const ARM_IDS = ['parley', 'hocuspocus', 'y-websocket', 'raw-ws'] as const
export type StandardArmId = (typeof ARM_IDS)[number]
/** The relay of the `--baseline` commit; its ratios are to `parley`, the current tree's. */
export const BASELINE_ARM = 'parley-before'
/** The multi-process section's families of arms (scale-arms.ts), as `--scale --arms` names them. */
export const SCALE_FAMILIES = ['parley-pg', 'hocuspocus-redis'] as const
export type ScaleFamily = (typeof SCALE_FAMILIES)[number]
/** A family's arm with its number of server processes: parley-pg-2 is two relays. */
export type ScaleArmId = `${ScaleFamily}-${number}`
/** The arms of the one-process sections, the ones `--arms` names. */
export type OneProcessArmId = StandardArmId | typeof BASELINE_ARM
export type ArmId = OneProcessArmId | ScaleArmId

export interface Arm {
  id: ArmId
  label: string
  /** What exactly ran: package versions, or the commit for Parley. */
  version: string
  /** How to start it with its data in `dataDir`. `extraEnv` overrides the arm's own settings. */
  server(dataDir: string, extraEnv?: Record<string, string>): ServerSpec
  /**
   * Registers the population with the arm before it starts and fills in each user's token.
   * Arms that check no credentials leave tokens empty.
   */
  register(dataDir: string, population: Population): Promise<void>
  /** Settings for the W4 seeding run only (never for a measured run): lifts rate limits. */
  seedEnv: Record<string, string>
  /**
   * Starts the arm as several server processes with the services they share, the population
   * registered (the multi-process section, scale-arms.ts). Absent for one-process arms, which
   * start through `server` and `register`.
   */
  deploy?(population: Population): Promise<Deployment>
}

const versionOf = (pkg: string): string => {
  const file = path.join(ROOT, 'node_modules', pkg, 'package.json')
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version : 'missing'
}

const noRegistration = async () => {}

const rawWs: Arm = {
  id: 'raw-ws',
  label: 'raw ws',
  version: `ws ${versionOf('ws')}`,
  server: (_dataDir, extraEnv = {}) => ({ args: [path.join(BENCH, 'anchors/raw-ws.mjs')], env: { HOST: '127.0.0.1', ...extraEnv }, cwd: BENCH }),
  register: noRegistration,
  seedEnv: {},
}

const yWebsocket: Arm = {
  id: 'y-websocket',
  label: 'y-websocket',
  version: `y-websocket ${versionOf('y-websocket-v2')} + y-leveldb ${versionOf('y-leveldb')}`,
  server: (dataDir, extraEnv = {}) => ({
    args: [path.join(ROOT, 'node_modules/y-websocket-v2/bin/server.cjs')],
    env: { HOST: '127.0.0.1', YPERSISTENCE: path.join(dataDir, 'leveldb'), ...extraEnv },
    cwd: BENCH,
  }),
  register: noRegistration,
  seedEnv: {},
}

const hocuspocus: Arm = {
  id: 'hocuspocus',
  label: 'Hocuspocus',
  version: `@hocuspocus/server ${versionOf('@hocuspocus/server')} + extension-sqlite ${versionOf('@hocuspocus/extension-sqlite')}`,
  server: (dataDir, extraEnv = {}) => ({
    args: [path.join(BENCH, 'anchors/hocuspocus.mjs')],
    env: { HOST: '127.0.0.1', DATA_DIR: dataDir, ...extraEnv },
    cwd: BENCH,
  }),
  register: noRegistration,
  seedEnv: {},
}

const gitCommit = (): string => {
  const out = spawnSync('git', ['log', '-1', '--format=%h %cs', '--', 'sync-server'], { cwd: ROOT, encoding: 'utf8' })
  return out.status === 0 ? out.stdout.trim() : 'unknown'
}

/**
 * How the relay of the checkout at `root` starts: this one, or a `--baseline` worktree. It runs
 * as it ships (`npm start` runs the esbuild bundle, not the TypeScript sources under tsx, whose
 * keep-names helper alone adds a few hundred bytes to every closure). No demo seed: the bench
 * registers its own people, and the seed's scrypt hashes would add seconds to every start.
 */
export const relayServer =
  (root: string): Arm['server'] =>
  (dataDir, extraEnv = {}) => ({
    args: [...relayNodeFlags(), relayBundle(root)],
    env: { PARLEY_HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir, PARLEY_DEMO: '0', PARLEY_LOG_LEVEL: 'silent', ...extraEnv },
    cwd: root,
  })

/** Node flags for the relay arms only (PARLEY_BENCH_NODE_FLAGS, e.g. "--trace-gc --max-semi-space-size=64"). */
export const relayNodeFlags = (value = process.env['PARLEY_BENCH_NODE_FLAGS']): string[] => (value ?? '').split(/\s+/).filter(Boolean)

const bundles = new Map<string, string>()

/**
 * Bundles the relay of `root` with this checkout's build script, once per bench run (about a
 * second), into its sync-server/node_modules cache; returns the entry point. The same script for before and
 * after, so a `--baseline` relay is built the same way.
 */
export function relayBundle(root: string): string {
  const built = bundles.get(root)
  if (built) return built
  // Under sync-server/node_modules, as sync-server/dist is: the bundle's packages resolve from
  // there first, so one the relay pins apart from the root's hoisted copy (lru-cache) is found. A
  // --baseline worktree's sync-server/node_modules is a link to this checkout's (baseline.ts), so
  // its bundle gets a folder of its own name there.
  const outdir = path.join(root, 'sync-server/node_modules/.cache/parley-bench', root === ROOT ? 'relay' : `relay-${path.basename(root)}`)
  const script = pathToFileURL(path.join(ROOT, 'sync-server/scripts/build-relay.mjs')).href
  const code = `const { buildRelay } = await import(${JSON.stringify(script)}); await buildRelay(${JSON.stringify(root)}, ${JSON.stringify(outdir)})`
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' })
  if (out.status !== 0) throw new Error(`bundling the relay of ${root} failed:\n${out.stderr}`)
  const main = path.join(outdir, 'main.js')
  bundles.set(root, main)
  return main
}

const parley: Arm = {
  id: 'parley',
  label: 'Parley',
  version: `relay at ${gitCommit()}`,
  server: relayServer(ROOT),
  // The relay's own modules write the users and sessions; loaded only when this arm runs, so the
  // harness works on the anchors alone while the relay is being written.
  async register(dataDir, population) {
    const { registerParleyUsers } = await import('./parley-users.ts')
    await registerParleyUsers(dataDir, population)
  },
  // Seeding writes a long chat as fast as it can: no per-person budgets for that step.
  seedEnv: { PARLEY_MESSAGES_PER_SECOND: '100000', PARLEY_USER_BYTES_PER_MINUTE: '1073741824', PARLEY_CHATS_PER_HOUR: '1000000' },
}

export const ARMS: Record<StandardArmId, Arm> = { parley, hocuspocus, 'y-websocket': yWebsocket, 'raw-ws': rawWs }

/**
 * The arm with its server run under node --cpu-prof, writing a V8 CPU profile into `dir` when it
 * exits (profiling slows it: such a run is for finding hot paths, not for the tables).
 */
export function profiled(arm: Arm, dir: string): Arm {
  return {
    ...arm,
    server(dataDir, extraEnv) {
      const spec = arm.server(dataDir, extraEnv)
      return { ...spec, args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...spec.args] }
    },
  }
}

/** Whether an arm can run in this checkout (Parley needs the relay's entry point). */
export function armAvailable(id: StandardArmId): boolean {
  if (id === 'parley') return fs.existsSync(path.join(ROOT, 'sync-server/src/main.ts'))
  if (id === 'y-websocket') return fs.existsSync(path.join(ROOT, 'node_modules/y-websocket-v2/bin/server.cjs'))
  return true
}
