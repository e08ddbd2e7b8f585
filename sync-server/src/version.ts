// Where this copy of Parley is installed and which version it is, found from this module's own
// file so that the TypeScript sources and the bundle in sync-server/dist agree. The version is the
// root package.json's, the one CHANGELOG.md describes.

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const findRoot = (from: string): string => {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'sync-server')) && fs.existsSync(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) return from
  }
}

/** The repository (or image) root: the folder holding package.json, sync-server and apps. */
export const INSTALL_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)))

const readVersion = (): string => {
  try {
    const version: unknown = JSON.parse(fs.readFileSync(path.join(INSTALL_ROOT, 'package.json'), 'utf8')).version
    return typeof version === 'string' ? version : 'unknown'
  } catch {
    return 'unknown' // a copy without its package.json still runs; it only cannot say its version
  }
}

/** Parley's version, e.g. "0.2.0". */
export const VERSION = readVersion()
