#!/usr/bin/env node
// `npm run bench`: installs what is missing (as `npm test` does), then runs the harness
// (run.ts) under tsx with the same arguments; with --scale, also PostgreSQL and Redis (as `npm
// test` does) for the multi-process section. Plain Node with no dependencies, so that it works
// on a fresh clone before `npm install`.

import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureInstalled, ensureServices } from '../../sync-server/scripts/prepare.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
ensureInstalled(root)
if (process.argv.includes('--scale')) ensureServices()
const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'tests/bench/run.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
})
process.exit(result.status ?? 1)
