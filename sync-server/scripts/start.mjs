#!/usr/bin/env node
// `npm start`: installs dependencies when they are missing, builds the web app when it is out of
// date, then runs the relay (src/main.ts under tsx). Plain Node: it must run before `npm install`.

import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureInstalled, ensureWebBuild } from './prepare.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
ensureInstalled(root)
ensureWebBuild(root)

const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'sync-server/src/main.ts')], {
  cwd: root,
  stdio: 'inherit',
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
