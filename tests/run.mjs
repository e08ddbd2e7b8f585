#!/usr/bin/env node
// `npm test`: installs what is missing, builds the web app, type-checks, runs every test with
// vitest and ends with one line `N passed, N failed`. Exits non-zero when anything failed.
// Plain Node with no dependencies, so that it can run before `npm install`.

import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureInstalled, ensureWebBuild, ensureChromium, ensureServices } from '../sync-server/scripts/prepare.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
process.chdir(root)

ensureInstalled(root)
ensureWebBuild(root)
const chromium = ensureChromium()
ensureServices()
if (chromium) process.env.PARLEY_CHROMIUM = chromium

let extraFailed = 0
const tsc = spawnSync('npm', ['run', '--silent', 'typecheck'], { stdio: 'inherit' })
if (tsc.status !== 0) {
  console.error('\nType check failed (counted as one failed test).')
  extraFailed++
}

const results = path.join(root, 'tests', '.artifacts', 'vitest-results.json')
fs.mkdirSync(path.dirname(results), { recursive: true })
fs.rmSync(results, { force: true })
const args = ['vitest', 'run', '--config', 'tests/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)]
const run = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, PARLEY_LOG_LEVEL: process.env.PARLEY_LOG_LEVEL ?? 'silent' } })

let passed = 0
let failed = extraFailed
if (fs.existsSync(results)) {
  const report = JSON.parse(fs.readFileSync(results, 'utf8'))
  passed = report.numPassedTests
  failed += report.numFailedTests
  // A test file that fails to load has no failed test in it, but it is a failure all the same.
  failed += report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length
} else {
  failed++
}
if (run.status !== 0 && failed === 0) failed++
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
