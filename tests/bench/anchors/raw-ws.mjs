// The ceiling arm: a `ws` server that relays every binary frame to the other sockets of the same
// URL path, and does nothing else: no Yjs, no storage, no auth. Whatever a Yjs relay costs on top
// of moving bytes between sockets shows as its distance from this arm.
// Env: PORT (required), HOST (default 127.0.0.1).

import http from 'node:http'
import { WebSocketServer } from 'ws'

const port = Number(process.env.PORT)
const host = process.env.HOST || '127.0.0.1'

/** @type {Map<string, Set<import('ws').WebSocket>>} */
const rooms = new Map()
const server = http.createServer((_req, res) => res.end('raw ws broadcaster'))
const wss = new WebSocketServer({ server, perMessageDeflate: false })

wss.on('connection', (ws, req) => {
  const name = (req.url ?? '/').split('?')[0]
  let room = rooms.get(name)
  if (!room) rooms.set(name, (room = new Set()))
  room.add(ws)
  ws.on('message', (data, isBinary) => {
    for (const peer of room) if (peer !== ws && peer.readyState === 1) peer.send(data, { binary: isBinary })
  })
  ws.on('close', () => {
    room.delete(ws)
    if (room.size === 0) rooms.delete(name)
  })
  ws.on('error', () => ws.terminate())
})

process.on('SIGTERM', () => {
  for (const ws of wss.clients) ws.terminate()
  server.close(() => process.exit(0))
})
server.listen(port, host, () => console.log(`raw ws broadcaster on ws://${host}:${port}`))
