// Bundles the relay (src/main.ts), the admin CLI (src/cli.ts) and its worker threads (history
// pages, SQLite writes, WAL checkpoints) into plain JavaScript in sync-server/dist, so that
// production runs no TypeScript loader. The workspace packages
// (@parley/*) export .ts sources and are bundled in, and so is lru-cache (below); every other
// package stays an import of node_modules (better-sqlite3 is native, pino and ws load their own
// files).

import fs from 'node:fs'
import path from 'node:path'
import { build, stop } from 'esbuild'

/**
 * Writes main.js, cli.js and the workers beside them into `outdir` (sync-server/dist under `root`
 * by default): epoch-render-worker.js (src/chats/epoch-renderer.ts starts it), sqlite-write-worker.js
 * (src/storage/sqlite-write-thread.ts) and its checkpoint helper sqlite-checkpoint-worker.js. An
 * older tree without some of them (the bench's baseline) builds without them.
 */
export async function buildRelay(root, outdir = path.join(root, 'sync-server', 'dist')) {
  const server = path.join(root, 'sync-server')
  const worker = path.join(server, 'src/storage/sqlite-write-worker.ts')
  const helper = path.join(server, 'src/storage/sqlite-checkpoint-worker.mjs')
  const renderer = path.join(server, 'src/chats/epoch-render-worker.ts')
  await build({
    entryPoints: {
      main: path.join(server, 'src/main.ts'),
      cli: path.join(server, 'src/cli.ts'),
      // The bench builds older relays (--baseline) with this script: those may lack the workers.
      ...(fs.existsSync(renderer) ? { 'epoch-render-worker': renderer } : {}),
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

/**
 * Bundled although on npm: the root node_modules holds Babel's lru-cache 5 (through the web build's
 * vite-plugin-solid), so the relay's lru-cache 11 is installed in sync-server/node_modules, which
 * a bundle elsewhere (the Docker image copies only the root's node_modules; the bench builds under
 * node_modules/.cache) would not find.
 */
const BUNDLED = new Set(['lru-cache'])

/** Keeps npm packages external, except Parley's own workspace packages and BUNDLED. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@parley/') || BUNDLED.has(args.path) ? undefined : { path: args.path, external: true },
    )
  },
}
