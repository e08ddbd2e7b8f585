// Real PostgreSQL and Redis servers for tests, from Debian's packages: each started on a free port
// in its own temporary folder and stopped (and removed) at the end. PostgreSQL refuses to run as
// root, so when the tests run as root its folder belongs to the `postgres` user and its commands
// run as that user. `npm test` installs the packages when they are missing (scripts/prepare.mjs).

import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { waitFor } from './wait.ts'

export interface Service {
  /** `postgres://…` or `redis://…` for this server. */
  url: string
  port: number
  /** Stops the server, keeping its data (start it again with `start`). */
  stop(): Promise<void>
  /** Starts it again on the same port and data. */
  start(): Promise<void>
  /** Stops it and removes its folder. */
  remove(): Promise<void>
}

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

const PG_BIN = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((dir) => fs.existsSync(path.join(dir, 'postgres')))
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

/** Runs a PostgreSQL tool, as the `postgres` user when we are root. */
function pgTool(tool: string, args: string[]): string {
  if (!PG_BIN) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql')
  const bin = path.join(PG_BIN, tool)
  return isRoot() ? execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { encoding: 'utf8' }) : execFileSync(bin, args, { encoding: 'utf8' })
}

/** A fresh PostgreSQL cluster with a database `parley`, trusting local connections. */
export async function startPostgres(): Promise<Service> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-pg-'))
  const data = path.join(dir, 'data')
  if (isRoot()) {
    fs.chmodSync(dir, 0o755)
    execFileSync('chown', ['postgres:postgres', dir])
  }
  pgTool('initdb', ['-D', data, '-U', 'parley', '--auth=trust', '-E', 'UTF8', '--no-instructions'])
  const port = await freePort()
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200`
  const start = async () => {
    pgTool('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start'])
  }
  const stop = async () => {
    pgTool('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
  }
  await start()
  pgTool('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'parley', 'parley'])
  return {
    url: `postgres://parley@127.0.0.1:${port}/parley`,
    port,
    stop,
    start,
    async remove() {
      await stop().catch(() => {})
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A Redis server with no persistence, on a free port. */
export async function startRedis(): Promise<Service> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-redis-'))
  const port = await freePort()
  let child: ChildProcess | null = null
  const start = async () => {
    const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: 'ignore',
    })
    child = started
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const socket = net.connect(port, '127.0.0.1', () => {
            socket.end()
            resolve(true)
          })
          socket.on('error', () => resolve(false))
        }),
      `redis on port ${port}`,
    )
  }
  const stop = async () => {
    const running = child
    child = null
    if (!running || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGTERM')
    await exited
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async remove() {
      await stop()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
