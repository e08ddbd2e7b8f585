// The arm `parley-before` of `--baseline <ref>`: the relay of another commit, run from a detached
// git worktree of it beside the current one, so before and after come from one run. It borrows the main
// checkout's installed dependencies, never its workspace packages: the old relay runs its own
// packages/* sources. It does not install anything; a dependency added since is simply missing.
//
// The worktrees live in node_modules/.cache/parley-bench/baseline/<short-sha>, not under
// tests/.artifacts: vitest globs dot folders, so `tests/**/*.test.ts` would collect the old
// commit's whole test suite, while vitest and tsc both leave node_modules alone.

import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ARMS, BASELINE_ARM, ROOT, relayServer, type Arm } from './arms.ts'
import type { Population } from './population.ts'

export const BASELINE_DIR = path.join(ROOT, 'node_modules/.cache/parley-bench/baseline')

/** npm links each workspace package as node_modules/@parley/<name> → its folder. */
const WORKSPACE_SCOPE = '@parley'

export interface Baseline {
  /** The commit, in full and short. */
  sha: string
  short: string
  /** Its commit date, YYYY-MM-DD. */
  date: string
  /** The worktree's root folder. */
  dir: string
}

function git(args: string[], cwd = ROOT): string {
  const out = spawnSync('git', args, { cwd, encoding: 'utf8' })
  if (out.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${out.stderr.trim()}`)
  return out.stdout.trim()
}

/**
 * Makes (or reuses) the worktree of `ref` and links the dependencies into it.
 *
 * @example checkoutBaseline('fae12f9') // { short: 'fae12f9', dir: '…/baseline/fae12f9', … }
 */
export function checkoutBaseline(ref: string): Baseline {
  const found = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' })
  if (found.status !== 0) throw new Error(`--baseline ${ref}: not a commit of this repository`)
  const sha = found.stdout.trim()
  const short = git(['rev-parse', '--short', sha])
  const date = git(['log', '-1', '--format=%cs', sha])
  const dir = path.join(BASELINE_DIR, short)
  if (fs.existsSync(path.join(dir, '.git'))) {
    const head = git(['rev-parse', 'HEAD'], dir)
    if (head !== sha) throw new Error(`${dir} is checked out at ${head}, not ${sha}; remove it with: git worktree remove --force ${dir}`)
  } else {
    // --force: `npm ci` deletes node_modules, which leaves the old worktree registered but missing.
    git(['worktree', 'add', '--force', '--detach', dir, sha])
  }
  if (!fs.existsSync(path.join(dir, 'sync-server/src/main.ts'))) throw new Error(`--baseline ${ref}: ${short} has no sync-server/src/main.ts`)
  linkDependencies(dir)
  return { sha, short, date, dir }
}

/** The arm: the Parley arm's settings, with the worktree's relay and its own user registration. */
export function baselineArm(ref: string): Arm {
  const checkout = checkoutBaseline(ref)
  return {
    ...ARMS.parley,
    id: BASELINE_ARM,
    label: 'Parley before',
    version: `relay at ${checkout.short} ${checkout.date}`,
    server: relayServer(checkout.dir),
    // The old commit's own registration writes the rows its schema has; a commit from before the
    // bench had one gets today's.
    async register(dataDir, population) {
      const own = path.join(checkout.dir, 'tests/bench/lib/parley-users.ts')
      const file = fs.existsSync(own) ? own : path.join(ROOT, 'tests/bench/lib/parley-users.ts')
      const users = (await import(pathToFileURL(file).href)) as { registerParleyUsers(dataDir: string, population: Population): Promise<void> }
      await users.registerParleyUsers(dataDir, population)
    },
  }
}

const exists = (file: string): boolean => {
  try {
    fs.lstatSync(file)
    return true
  } catch {
    return false // lstat fails only when nothing, not even a dangling link, is there
  }
}

const link = (target: string, at: string): void => {
  if (!exists(at)) fs.symlinkSync(target, at)
}

/**
 * Gives the worktree a real node_modules folder of links: one per entry of the main checkout's
 * node_modules, except the workspace scope, whose links point into the worktree's own folders.
 * A link to the whole node_modules would not do: node_modules/@parley/chat-model resolves to
 * ../../packages/chat-model from where the link really is, the main checkout. Links are only
 * added, so a second run at the same time finds what the first made.
 */
function linkDependencies(dir: string): void {
  const main = path.join(ROOT, 'node_modules')
  const own = path.join(dir, 'node_modules')
  fs.mkdirSync(path.join(own, WORKSPACE_SCOPE), { recursive: true })
  for (const name of fs.readdirSync(main)) {
    if (name === WORKSPACE_SCOPE || name === '.cache') continue // .cache holds the worktree itself
    link(path.join(main, name), path.join(own, name))
  }
  for (const name of fs.readdirSync(path.join(main, WORKSPACE_SCOPE))) {
    const folder = path.relative(ROOT, fs.realpathSync(path.join(main, WORKSPACE_SCOPE, name)))
    if (!fs.existsSync(path.join(dir, folder))) continue // a package the old commit did not have
    link(path.join(dir, folder), path.join(own, WORKSPACE_SCOPE, name))
    // What npm installed inside a workspace folder (a version the root could not hold).
    const nested = path.join(ROOT, folder, 'node_modules')
    if (fs.existsSync(nested)) link(nested, path.join(dir, folder, 'node_modules'))
  }
  for (const name of fs.readdirSync(path.join(own, WORKSPACE_SCOPE))) {
    const real = fs.realpathSync(path.join(own, WORKSPACE_SCOPE, name))
    if (!real.startsWith(dir + path.sep)) throw new Error(`${WORKSPACE_SCOPE}/${name} of the baseline resolves to ${real}, outside ${dir}`)
  }
}
