// Bundles the relay (src/main.ts) and the admin CLI (src/cli.ts) into plain JavaScript in
// sync-server/dist, so that production runs no TypeScript loader. The workspace packages
// (@parley/*) export .ts sources and are bundled in; every other package stays an import of
// node_modules (better-sqlite3 is native, pino and ws load their own files).

import fs from 'node:fs'
import path from 'node:path'
import { build, stop } from 'esbuild'

/**
 * Writes main.js, cli.js, the storage worker's sqlite-write-worker.js (started by
 * src/storage/sqlite-write-thread.ts from beside main.js) and its checkpoint helper
 * sqlite-checkpoint-worker.js into `outdir` (sync-server/dist under
 * `root` by default). An older tree without the worker (the bench's baseline) builds without it.
 */
export async function buildRelay(root, outdir = path.join(root, 'sync-server', 'dist')) {
  const server = path.join(root, 'sync-server')
  const worker = path.join(server, 'src/storage/sqlite-write-worker.ts')
  const helper = path.join(server, 'src/storage/sqlite-checkpoint-worker.mjs')
  await build({
    entryPoints: {
      main: path.join(server, 'src/main.ts'),
      cli: path.join(server, 'src/cli.ts'),
      ...(fs.existsSync(worker) ? { 'sqlite-write-worker': worker } : {}),
      ...(fs.existsSync(helper) ? { 'sqlite-checkpoint-worker': helper } : {}),
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [externalPackages],
  })
  // esbuild keeps a helper process for further builds; `npm start` goes on to run the relay in
  // this process, which must not carry it along.
  await stop()
}

/** Keeps npm packages external, except Parley's own workspace packages. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@parley/') ? undefined : { path: args.path, external: true }))
  },
}
