// Bundles the relay (src/main.ts), the admin CLI (src/cli.ts) and the worker thread that renders
// history pages (src/chats/epoch-render-worker.ts) into plain JavaScript in sync-server/dist, so that production runs no TypeScript loader. The workspace packages
// (@parley/*) export .ts sources and are bundled in, and so is lru-cache (below); every other
// package stays an import of node_modules (better-sqlite3 is native, pino and ws load their own
// files).

import fs from 'node:fs'
import path from 'node:path'
import { build, stop } from 'esbuild'

/** Writes main.js, cli.js and epoch-render-worker.js into `outdir` (sync-server/dist under `root` by default). */
export async function buildRelay(root, outdir = path.join(root, 'sync-server', 'dist')) {
  const server = path.join(root, 'sync-server')
  const worker = path.join(server, 'src/chats/epoch-render-worker.ts')
  await build({
    entryPoints: {
      main: path.join(server, 'src/main.ts'),
      cli: path.join(server, 'src/cli.ts'),
      // The bench builds older relays (--baseline) with this script: those have no render worker.
      ...(fs.existsSync(worker) ? { 'epoch-render-worker': worker } : {}),
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
