import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { guardConnections, type ConnectionGuard } from './connection-guard.ts'

let server: http.Server
const sockets: net.Socket[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

async function start(perIp: number, total: number): Promise<{ guard: ConnectionGuard; port: number; accepted: net.Socket[] }> {
  server = http.createServer((_req, res) => res.end('ok'))
  const accepted: net.Socket[] = []
  const guard = guardConnections(server, { perIp, total })
  server.on('connection', (socket: net.Socket) => accepted.push(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { guard, port: (server.address() as AddressInfo).port, accepted }
}

/** Connects from `from` and resolves with whether the server closed it at once. */
function connect(port: number, from: string): Promise<'kept' | 'closed'> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress: from })
    sockets.push(socket)
    socket.on('error', () => {})
    socket.resume()
    socket.once('close', () => resolve('closed'))
    // A kept connection answers a request and stays open (keep-alive); a refused one is closed
    // before anything is read.
    socket.once('connect', () => socket.write('GET / HTTP/1.1\r\nHost: guard.test\r\n\r\n'))
    socket.once('data', () => resolve('kept'))
  })
}

describe('connection guard', () => {
  it('closes connections past the bound per address, and counts each address apart', async () => {
    const { guard, port } = await start(2, 100)
    expect(await Promise.all([connect(port, '127.0.0.1'), connect(port, '127.0.0.1')])).toEqual(['kept', 'kept'])
    expect(await connect(port, '127.0.0.1')).toBe('closed')
    expect(await connect(port, '127.0.0.2')).toBe('kept')
    expect(guard.pending()).toBe(3)
  })

  it('closes connections past the total bound', async () => {
    const { port } = await start(0, 2)
    await Promise.all([connect(port, '127.0.0.3'), connect(port, '127.0.0.4')])
    expect(await connect(port, '127.0.0.5')).toBe('closed')
  })

  it('stops counting a connection once it is authenticated', async () => {
    const { guard, port, accepted } = await start(1, 100)
    expect(await connect(port, '127.0.0.6')).toBe('kept')
    const closeListeners = accepted[0]!.listenerCount('close')
    guard.authenticated(accepted[0]!)
    expect(guard.pending()).toBe(0)
    // An authenticated socket lives for hours: the guard keeps no listener on it.
    expect(accepted[0]!.listenerCount('close')).toBe(closeListeners - 1)
    expect(await connect(port, '127.0.0.6')).toBe('kept')
  })
})
