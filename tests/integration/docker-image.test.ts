// The Docker image without a Docker engine: carries out the Dockerfile's stages with plain
// commands (its COPY lines from this checkout, its RUN line, the runtime stage's COPY --from
// lines), then runs the runtime stage's CMD with its ENV and checks its HEALTHCHECK and the
// admin CLI inside it. The RUN line is the production install and build of `npm start`, so this
// takes about a minute and uses the npm cache (or the network).

import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { VERSION } from '../../sync-server/src/version.ts'
import { readDockerfile, type Stage } from '../support/dockerfile.ts'
import { tempDir } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const stages = readDockerfile(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'))
const [build, runtime] = stages as [Stage, Stage]
const work = tempDir('parley-image-')
const buildDir = path.join(work, 'build')
const runtimeDir = path.join(work, 'runtime')
const dataDir = path.join(work, 'data')
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

// .dockerignore leaves these out of the build context.
const IGNORED = new Set(['node_modules', 'dist', '.git'])
const copyContext = (from: string, to: string) =>
  fs.cpSync(from, to, { recursive: true, filter: (src) => !IGNORED.has(path.basename(src)) && !path.basename(src).startsWith('.build-test-') })

describe('the Docker image', () => {
  it('has a build stage and a runtime stage that runs as a non-root user with a healthcheck', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime'])
    expect(build.runs).toEqual(['node sync-server/scripts/build.mjs'])
    expect(runtime.user).toBe('node')
    expect(runtime.healthcheck).toEqual(['node', 'sync-server/scripts/healthcheck.mjs'])
    expect(runtime.cmd).toEqual(['node', 'sync-server/dist/main.js'])
    // npm reads every workspace's package.json from the lockfile: each must be in the build context.
    const workspaces = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces
    const copied = build.copies.flatMap((c) => c.sources)
    for (const workspace of workspaces) {
      const covered = copied.some((src) => src === `${workspace}/package.json` || workspace.startsWith(src.replace('/*', '')) || src === workspace)
      expect(covered, workspace).toBe(true)
    }
  })

  it('builds with the Dockerfile’s own commands and runs from the runtime stage’s files alone', async () => {
    for (const step of build.copies) {
      for (const source of step.sources) {
        const target = step.sources.length > 1 || step.dest.endsWith('/') ? path.join(buildDir, step.dest, path.basename(source)) : path.join(buildDir, step.dest)
        copyContext(path.join(root, source), target)
      }
    }
    for (const command of build.runs) {
      const result = spawnSync('sh', ['-c', command], { cwd: buildDir, encoding: 'utf8', env: { ...process.env, npm_config_prefer_offline: 'true' } })
      expect(result.status, `${command}\n${result.stdout}\n${result.stderr}`).toBe(0)
      expect(result.stdout + result.stderr).not.toContain('EBADENGINE')
    }
    expect(fs.existsSync(path.join(buildDir, 'node_modules/@hocuspocus'))).toBe(false)

    for (const step of runtime.copies) {
      expect(step.from).toBe('build')
      const source = step.sources[0]!.replace(/^\/app\//, '')
      fs.cpSync(path.join(buildDir, source), path.join(runtimeDir, step.dest), { recursive: true, verbatimSymlinks: true })
    }
    expect(fs.existsSync(path.join(runtimeDir, 'sync-server/src'))).toBe(false)

    const env = { PATH: process.env.PATH, ...runtime.env, PORT: '0', PARLEY_HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir }
    const child = spawn(runtime.cmd![0]!, runtime.cmd!.slice(1), { cwd: runtimeDir, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise((resolve) => child.once('exit', resolve))
    try {
      const url = (await waitFor(() => /running at (http:\/\/\S+)/.exec(output), `the image's relay to start:\n${output}`))[1]!
      const port = new URL(url).port
      const health = spawnSync(runtime.healthcheck![0]!, runtime.healthcheck!.slice(1), { cwd: runtimeDir, env: { ...env, PORT: port }, encoding: 'utf8' })
      expect(health.status, health.stderr).toBe(0)
      expect(await (await fetch(`${url}/`)).text()).toContain('<!doctype html>')

      const cli = (...args: string[]) => spawnSync('node', ['sync-server/scripts/cli.mjs', ...args], { cwd: runtimeDir, env, encoding: 'utf8' })
      expect(cli('version').stdout.trim()).toBe(`parley ${VERSION}`)
      expect(cli('org', 'add', 'Initech').status).toBe(0)
      expect(cli('org', 'list').stdout).toContain('Initech')
    } finally {
      child.kill('SIGTERM')
      await exited
    }
    const stopped = spawnSync('node', ['sync-server/scripts/healthcheck.mjs'], { cwd: runtimeDir, env: { ...env, PORT: '1' }, encoding: 'utf8' })
    expect(stopped.status).toBe(1)
  }, 300_000)
})
