// A real relay in its own process (`node --import tsx sync-server/src/main.ts`) on port 0, for
// tests that must stop it hard (SIGKILL) or that drive it from a browser.

import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { tempDir } from './relay.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface RelayProcess {
  url: string
  port: number
  dataDir: string
  child: ChildProcess
  /** SIGTERM: the relay stores everything and exits. */
  stop(): Promise<void>
  /** SIGKILL: no chance to store anything more. */
  kill(): Promise<void>
}

export interface RelayProcessOptions {
  dataDir?: string
  port?: number
  env?: Record<string, string>
  /** Open-file limit of the relay process (`ulimit -n`), for tests that exhaust it. */
  fileLimit?: number
}

export async function startRelayProcess(options: RelayProcessOptions = {}): Promise<RelayProcess> {
  const dataDir = options.dataDir ?? tempDir()
  const nodeArgs = ['--import', 'tsx', path.join(root, 'sync-server/src/main.ts')]
  const [command, args] =
    options.fileLimit === undefined
      ? [process.execPath, nodeArgs]
      : ['/bin/sh', ['-c', `ulimit -n ${options.fileLimit} && exec "$0" "$@"`, process.execPath, ...nodeArgs]]
  const child = spawn(command, args, {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      PARLEY_DATA_DIR: dataDir,
      PARLEY_SCRYPT_COST: '1024',
      PARLEY_LOG_LEVEL: 'warn',
      PARLEY_PRESENCE_GRACE_MS: '0',
      PARLEY_LOGIN_ATTEMPTS_PER_IP: '100000', // every test signs in from 127.0.0.1
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the relay did not start within 20 s:\n${output}`)), 20_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /running at (http:\/\/\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the relay exited with ${code} before it listened:\n${output}`))
    })
  })
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    await exited
  }
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    child,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  }
}

/** Removes a data folder made by startRelayProcess. */
export const removeDataDir = (dir: string) => fs.rmSync(dir, { recursive: true, force: true })
