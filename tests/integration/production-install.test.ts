// What `npm start` installs and runs. Its install is `npm install --omit=dev`: from the lockfile,
// every package not marked dev (devOptional ones stay, such as typescript, valibot's optional
// peer). That must leave out the benchmark anchors (Hocuspocus, LevelDB, the old y-websocket
// server) and the test tools, and hold nothing that asks for a newer Node than the README's
// 20.19. The relay then runs as plain JavaScript, with no TypeScript loader.

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { VERSION } from '../../sync-server/src/version.ts'
import { tempDir } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

interface LockedPackage {
  version?: string
  dev?: boolean
  link?: boolean
  engines?: { node?: string }
}
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> }
const productionPackages = Object.entries(lock.packages)
  .filter(([where, pkg]) => where.includes('node_modules/') && !pkg.dev && !pkg.link)
  .map(([where, pkg]) => ({ name: where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length), ...pkg }))

describe('the production install', () => {
  it('is `npm install --omit=dev`', async () => {
    const { INSTALLS } = (await import(path.join(root, 'sync-server/scripts/prepare.mjs'))) as { INSTALLS: Record<string, string[]> }
    expect(INSTALLS.production).toContain('--omit=dev')
  })

  it('leaves out the benchmark anchors and the test tools, and keeps what the relay and the web build need', () => {
    const names = new Set(productionPackages.map((p) => p.name))
    for (const left of ['@hocuspocus/server', '@hocuspocus/extension-sqlite', 'y-leveldb', 'leveldown', 'level', 'y-websocket-v2', 'vitest', 'playwright-core']) {
      expect(names.has(left), left).toBe(false)
    }
    for (const kept of ['better-sqlite3', 'hono', '@hono/node-server', 'ws', 'yjs', 'pino', 'prom-client', 'esbuild', 'vite', 'vite-plugin-solid', 'solid-js']) {
      expect(names.has(kept), kept).toBe(true)
    }
  })

  it('holds no package that asks for a Node newer than 20.19 (no EBADENGINE warning)', () => {
    const tooNew = productionPackages.filter((p) => {
      const wanted = /^>=?\s*v?(\d+)(?:\.(\d+))?/.exec(p.engines?.node ?? '')
      if (!wanted) return false
      const [major, minor] = [Number(wanted[1]), Number(wanted[2] ?? 0)]
      return major > 20 || (major === 20 && minor > 19)
    })
    expect(tooNew.map((p) => `${p.name} ${p.engines?.node}`)).toEqual([])
  })
})

describe('the compiled relay', () => {
  const outdir = path.join(root, 'sync-server', `.build-test-${process.pid}`)
  const dataDir = tempDir('parley-compiled-')
  afterAll(() => {
    fs.rmSync(outdir, { recursive: true, force: true })
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('runs on plain Node and reports its version', async () => {
    const { buildRelay } = (await import(path.join(root, 'sync-server/scripts/build-relay.mjs'))) as { buildRelay(root: string, outdir: string): Promise<void> }
    await buildRelay(root, outdir)
    // History pages render on a worker thread that main.js starts from this file beside it.
    expect(fs.existsSync(path.join(outdir, 'epoch-render-worker.js'))).toBe(true)
    const child = spawn(process.execPath, [path.join(outdir, 'main.js')], {
      env: { PATH: process.env.PATH, PORT: '0', PARLEY_DATA_DIR: dataDir, PARLEY_DEMO: '0', PARLEY_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise((resolve) => child.once('exit', resolve))
    try {
      const url = (await waitFor(() => /running at (http:\/\/\S+)/.exec(output), `the compiled relay to start:\n${output}`))[1]
      expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ ok: true, version: VERSION, storage: 'sqlite', bus: 'local', busConnected: true })
      expect((await fetch(`${url}/api/ready`)).status).toBe(200)
    } finally {
      child.kill('SIGTERM')
      await exited
    }
  })
})
