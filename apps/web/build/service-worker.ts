// A vite plugin that writes dist/sw.js: the hand-written worker (src/service-worker/sw.js) with
// the list of this build's files to keep and a version made from their names. Names of built
// assets carry a content hash, so the version changes exactly when the shell does, and the
// browser installs the new worker on the next visit.

import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'

const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/service-worker/sw.js')
export const SERVICE_WORKER_FILE = 'sw.js'

export function serviceWorker(): Plugin {
  return {
    name: 'parley:service-worker',
    apply: 'build',
    writeBundle(options, bundle) {
      const files = Object.keys(bundle)
        .filter((name) => !name.endsWith('.map') && name !== SERVICE_WORKER_FILE)
        .map((name) => (name === 'index.html' ? '/' : `/${name}`))
        .sort()
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16)
      const source = fs.readFileSync(SOURCE, 'utf8')
      const code = source
        .replace('self.__PARLEY_PRECACHE__', JSON.stringify(files))
        .replace('self.__PARLEY_VERSION__', JSON.stringify(version))
      if (code.includes('__PARLEY_')) this.error('the service worker template lost a placeholder')
      fs.writeFileSync(path.join(options.dir ?? 'dist', SERVICE_WORKER_FILE), code)
    },
  }
}
