#!/usr/bin/env node
// Launches the admin CLI: the compiled one (sync-server/dist/cli.js) when it is at least as new as
// the sources, as after `npm start` or in the Docker image; otherwise src/cli.ts under tsx (a
// checkout being worked on).

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

const sources = path.join(server, 'src')
// The Docker image holds the compiled CLI and no sources.
if (fs.existsSync(compiled) && (!fs.existsSync(sources) || fs.statSync(compiled).mtimeMs >= newestSource(sources))) {
  await import(pathToFileURL(compiled).href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli.ts')
}
