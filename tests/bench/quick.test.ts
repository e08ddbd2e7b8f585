// Keeps the benchmark harness from rotting: runs `npm run bench -- --quick` (every workload, every
// arm, small) and checks that every arm produced a result for every workload it applies to. It
// asserts that results exist, never what they are: the numbers belong to the benchmark.

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ARM_IDS, armAvailable } from './lib/arms.ts'
import type { StoredRun } from './lib/report.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function runQuick(json: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // Through the npm script's own launcher (run.mjs), so that its install check is tested too.
    const child = spawn(process.execPath, ['tests/bench/run.mjs', '--quick', '--no-write', '--json', json], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    child.on('exit', (code) => resolve({ code, output }))
  })
}

describe('npm run bench -- --quick', () => {
  it('runs every workload against every arm and gets a result from each', { timeout: 240_000 }, async () => {
    const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-test-')), 'quick.json')
    const { code, output } = await runQuick(json)
    expect(code, output).toBe(0)
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as { runs: StoredRun[] }
    expect(report.runs.map((r) => r.id)).toEqual(['W1', 'W2', 'W3', 'W4', 'W4h', 'W5'])
    const arms = ARM_IDS.filter(armAvailable)
    expect(arms).toContain('parley')
    for (const run of report.runs) {
      const headline = run.metrics.find((m) => m.headline)!
      for (const arm of arms) {
        if ((run.id === 'W4' || run.id === 'W4h') && arm === 'raw-ws') continue // the raw broadcaster stores nothing to open
        const entries = run.entries.filter((e) => e.arm === arm)
        expect(entries.length, `${run.id} ${arm}`).toBeGreaterThan(0)
        // Only Parley has history pages and legacy chats: the others run W4h's plain chat alone.
        if (run.id === 'W4h') expect(entries.map((e) => e.caseLabel), arm).toEqual(arm === 'parley' ? run.cases : [run.cases[0]])
        for (const entry of entries) {
          expect(entry.errors, `${run.id} ${arm}: ${entry.errors.join('; ')}`).toEqual([])
          expect(entry.rounds.length, `${run.id} ${arm}`).toBeGreaterThan(0)
          for (const round of entry.rounds) expect(Number.isFinite(round.metrics[headline.key]), `${run.id} ${arm} ${headline.key}`).toBe(true)
        }
      }
    }
    fs.rmSync(path.dirname(json), { recursive: true, force: true })
  })
})
