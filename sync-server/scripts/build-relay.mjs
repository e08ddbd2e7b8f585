// Bundles the relay (src/main.ts), the admin CLI (src/cli.ts) and the worker thread that renders
// history pages (src/chats/epoch-render-worker.ts) into plain JavaScript in sync-server/dist, so that production runs no TypeScript loader. The workspace packages
// (@parley/*) export .ts sources and are bundled in; every other package stays an import of
// node_modules (better-sqlite3 is native, pino and ws load their own files).

import path from 'node:path'
import { build, stop } from 'esbuild'

/** Writes main.js, cli.js and epoch-render-worker.js into `outdir` (sync-server/dist under `root` by default). */
export async function buildRelay(root, outdir = path.join(root, 'sync-server', 'dist')) {
  const server = path.join(root, 'sync-server')
  await build({
    entryPoints: {
      main: path.join(server, 'src/main.ts'),
      cli: path.join(server, 'src/cli.ts'),
      'epoch-render-worker': path.join(server, 'src/chats/epoch-render-worker.ts'),
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
