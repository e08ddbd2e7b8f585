// Keeps the multi-process section of the benchmark working: runs `npm run bench -- --scale
// --quick` on 1 and 2 processes, with real PostgreSQL and Redis servers (tests/support/services.ts),
// and checks that every arm (Parley on SQLite, Parley's relays on PostgreSQL + Redis, Hocuspocus
// with its Redis extension) produced a result for W2 and W3. It asserts that results exist, never
// what they are.

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { StoredRun } from './lib/report.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function runScale(json: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const args = ['tests/bench/run.mjs', '--scale', '--quick', '--processes', '1,2', '--no-write', '--json', json]
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    child.on('exit', (code) => resolve({ code, output }))
  })
}

describe('npm run bench -- --scale --quick', () => {
  it('runs W2 and W3 on Parley (SQLite), Parley on PostgreSQL + Redis and Hocuspocus + Redis', { timeout: 300_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-scale-'))
    const json = path.join(dir, 'scale.json')
    const { code, output } = await runScale(json)
    expect(code, output).toBe(0)
    expect(output).toMatch(/this machine has \d+ cores/)
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as { runs: StoredRun[] }
    expect(report.runs.map((r) => r.id)).toEqual(['W2-N', 'W3-N'])
    for (const run of report.runs) {
      const headline = run.metrics.find((m) => m.headline)!
      expect(run.entries.map((e) => e.arm)).toEqual(['parley', 'parley-pg-1', 'parley-pg-2', 'hocuspocus-redis-1', 'hocuspocus-redis-2'])
      for (const entry of run.entries) {
        expect(entry.errors, `${run.id} ${entry.arm}: ${entry.errors.join('; ')}`).toEqual([])
        expect(entry.rounds.length, `${run.id} ${entry.arm}`).toBeGreaterThan(0)
        for (const round of entry.rounds) {
          expect(Number.isFinite(round.metrics[headline.key]), `${run.id} ${entry.arm} ${headline.key}`).toBe(true)
          // Deployments with PostgreSQL and Redis beside them measure those too (a quick window may
          // hold less than one 10 ms clock tick of theirs, so only that a figure exists is checked).
          if (run.id === 'W2-N' && entry.arm !== 'parley') expect(Number.isFinite(round.metrics.servicesCpuPct), `${run.id} ${entry.arm}`).toBe(true)
        }
      }
    }
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
