// The Hocuspocus arm: @hocuspocus/server with its SQLite extension as its documentation sets it
// up, no Throttle extension (so no rate limit), every other option at its default (stores are
// debounced by 2 s, at most 10 s). Env: PORT (required), HOST (default 127.0.0.1), DATA_DIR.

import path from 'node:path'
import { Server } from '@hocuspocus/server'
import { SQLite } from '@hocuspocus/extension-sqlite'

const server = new Server({
  port: Number(process.env.PORT),
  address: process.env.HOST || '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database: path.join(process.env.DATA_DIR || '.', 'hocuspocus.sqlite') })],
})
await server.listen()
console.log(`hocuspocus on ${server.webSocketURL}`)
