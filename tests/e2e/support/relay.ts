// The relay the browser tests talk to: a real relay process on port 0 with its own temp data
// folder, serving the built web app. Stand-in with the shape of tests/support/relay-process.ts
// (the lead's helper); once that lands this file only re-exports it.

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export interface RelayProcess {
  url: string
  port: number
  dataDir: string
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<void>
  /** SIGKILL, then waits for the process to exit. */
  kill(): Promise<void>
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

export async function startRelayProcess(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<RelayProcess> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-'))
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'sync-server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', PARLEY_DATA_DIR: dataDir, PARLEY_SCRYPT_COST: '1024', PARLEY_LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /running at (http:\/\/\S+)/u.exec(output)
      if (match?.[1]) resolve(match[1])
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`relay exited (${code}) before it listened:\n${output}`)))
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    await exited
  }
  return { url, port: Number(new URL(url).port), dataDir, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') }
}
