#!/usr/bin/env node
// Launches the admin CLI: the compiled one (sync-server/dist/cli.js) when it is at least as new as
// the sources, as after `npm start` or in the Docker image; otherwise src/cli.ts under tsx (a
// development checkout, which has tsx from the full install).

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const server = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const compiled = path.join(server, 'dist/cli.js')
const newestSource = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const full = path.join(dir, entry.name)
    return Math.max(latest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs)
  }, 0)

if (fs.existsSync(compiled) && fs.statSync(compiled).mtimeMs >= newestSource(path.join(server, 'src'))) {
  await import(pathToFileURL(compiled).href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli.ts')
}
