// Steps that `npm start`, `npm test`, `npm run bench` and the Dockerfile share: install the
// dependencies each one needs, build the web app and the relay when their sources are newer than
// their builds, and find (or install) Chromium.
// Plain Node with no dependencies: it runs before `npm install`.

import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const run = (cmd, args, opts = {}) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...opts })
  if (result.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${result.status}).`)
    process.exit(result.status ?? 1)
  }
}

/**
 * What an install is for. `production` installs the dependencies of the relay and the web app
 * only (every workspace's devDependencies are left out: test tools and the benchmark anchors);
 * `full` installs everything, for `npm test` and `npm run bench`.
 */
export const INSTALLS = {
  production: ['install', '--omit=dev', '--no-audit', '--no-fund'],
  full: ['install', '--no-audit', '--no-fund'],
}

const stampOf = (root, kind) => path.join(root, 'node_modules', `.parley-install-${kind}`)
const isFresh = (root, kind) => {
  const stamp = stampOf(root, kind)
  const lock = path.join(root, 'package-lock.json')
  return fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= fs.statSync(lock).mtimeMs
}

/**
 * Runs `npm install` of the given kind unless one that covers it ran since package-lock.json
 * changed. A production install removes dev packages from disk, so it also voids a full one.
 */
export function ensureInstalled(root, kind = 'full') {
  if (isFresh(root, 'full') || (kind === 'production' && isFresh(root, 'production'))) return
  console.log(`Installing dependencies (npm ${INSTALLS[kind].join(' ')})…`)
  run('npm', INSTALLS[kind], { cwd: root })
  for (const other of Object.keys(INSTALLS)) fs.rmSync(stampOf(root, other), { force: true })
  fs.writeFileSync(stampOf(root, kind), `${new Date().toISOString()}\n`)
}

const newest = (dir) => {
  let latest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue
    const full = path.join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs)
  }
  return latest
}

const isBuilt = (stamp, sources) => fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= sources

/** Builds apps/web when dist is missing or any web or shared source is newer than it. */
export function ensureWebBuild(root) {
  const web = path.join(root, 'apps', 'web')
  if (isBuilt(path.join(web, 'dist', 'index.html'), Math.max(newest(web), newest(path.join(root, 'packages'))))) return
  console.log('Building the web app (vite build)…')
  run('npm', ['run', '--silent', 'build', '-w', '@parley/web'], { cwd: root })
}

/** Bundles the relay into sync-server/dist when it is missing or older than its sources. */
export async function ensureRelayBuild(root) {
  const server = path.join(root, 'sync-server')
  const sources = Math.max(newest(path.join(server, 'src')), newest(path.join(root, 'packages')), fs.statSync(path.join(root, 'package.json')).mtimeMs)
  const outputs = ['main.js', 'cli.js', 'epoch-render-worker.js'].map((file) => path.join(server, 'dist', file))
  if (outputs.every((output) => isBuilt(output, sources))) return
  console.log('Building the relay (esbuild)…')
  const { buildRelay } = await import('./build-relay.mjs')
  await buildRelay(root)
}

/** Everything a production run needs: dependencies, the web app, the relay. */
export async function prepareProduction(root) {
  ensureInstalled(root, 'production')
  ensureWebBuild(root)
  await ensureRelayBuild(root)
}

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
const INSTALL_HINT = 'apt-get update && apt-get install -y chromium'

/**
 * Path of a Chromium for the browser tests. Installs Debian's package when it is missing and we
 * are root; otherwise exits with the one command that installs it.
 */
export function ensureChromium() {
  if (process.env.PARLEY_CHROMIUM && fs.existsSync(process.env.PARLEY_CHROMIUM)) return process.env.PARLEY_CHROMIUM
  const found = () => CANDIDATES.find((p) => fs.existsSync(p))
  if (found()) return found()
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (isRoot && spawnSync('which', ['apt-get']).status === 0) {
    console.log('Installing Chromium for the browser tests (apt-get install chromium)…')
    try {
      execFileSync('sh', ['-c', `${INSTALL_HINT} >/dev/null`], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    } catch {
      // Reported below with the command to run by hand.
    }
    if (found()) return found()
  }
  console.error(`Chromium is needed for the browser tests and could not be installed. Run:\n  ${INSTALL_HINT}`)
  process.exit(1)
}

const PG_BINS = ['/usr/lib/postgresql/17/bin/postgres', '/usr/lib/postgresql/16/bin/postgres', '/usr/lib/postgresql/15/bin/postgres']

/**
 * PostgreSQL and Redis servers for the scale-out tests (the tests start their own, on free ports).
 * Installs Debian's packages when one is missing and we are root; otherwise exits with the command.
 */
export function ensureServices() {
  const missing = () => [
    ...(PG_BINS.some((p) => fs.existsSync(p)) ? [] : ['postgresql']),
    ...(spawnSync('which', ['redis-server']).status === 0 ? [] : ['redis-server']),
  ]
  if (missing().length === 0) return
  const command = `apt-get update && apt-get install -y ${missing().join(' ')}`
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (isRoot && spawnSync('which', ['apt-get']).status === 0) {
    console.log(`Installing ${missing().join(' and ')} for the scale-out tests…`)
    try {
      execFileSync('sh', ['-c', `${command} >/dev/null`], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    } catch {
      // Reported below with the command to run by hand.
    }
    if (missing().length === 0) return
  }
  console.error(`PostgreSQL and Redis are needed for the scale-out tests and could not be installed. Run:\n  ${command}`)
  process.exit(1)
}
