// The adapter keeps what arrives before the relay is ready for it: frames sent while the socket
// is still being authenticated come out in order once the connection listens, and a close that
// came first is still told. Real sockets on port 0.

import { WebSocket, WebSocketServer } from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import { wsClientSocket } from './ws-client-socket.ts'

const servers: WebSocketServer[] = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

/** A server whose next accepted socket resolves, and a client connected to it. */
async function pair() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  servers.push(server)
  await new Promise((resolve) => server.once('listening', resolve))
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve))
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`)
  await new Promise((resolve) => client.once('open', resolve))
  return { client, serverSide: await accepted }
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe('wsClientSocket', () => {
  it('hands on, in order, the frames that came before anyone listened, reading no more meanwhile', async () => {
    const { client, serverSide } = await pair()
    const socket = wsClientSocket(serverSide)
    let seen = 0
    serverSide.on('message', () => seen++)
    for (let i = 0; i < 5; i++) client.send(new Uint8Array([i]))
    await until(() => seen >= 1)
    expect(serverSide.isPaused).toBe(true) // nobody listens yet: the client waits
    const frames: number[] = []
    socket.listen({ frame: (frame) => frames.push(frame[0]!), socketClosed() {}, socketError() {} })
    expect(serverSide.isPaused).toBe(false)
    client.send(new Uint8Array([5]))
    await until(() => frames.length === 6)
    expect(frames).toEqual([0, 1, 2, 3, 4, 5])
    client.close()
  })

  it('tells a close that happened before anyone listened', async () => {
    const { client, serverSide } = await pair()
    const socket = wsClientSocket(serverSide)
    const closed = new Promise((resolve) => serverSide.once('close', resolve))
    client.close(4000)
    await closed
    const code = await new Promise<number>((resolve) => socket.listen({ frame() {}, socketClosed: resolve, socketError() {} }))
    expect(code).toBe(4000)
  })

  it('closes a socket refused while paused with its code within a second', async () => {
    const { client, serverSide } = await pair()
    const socket = wsClientSocket(serverSide)
    let seen = 0
    serverSide.on('message', () => seen++)
    for (let i = 0; i < 3; i++) client.send(new Uint8Array([i]))
    await until(() => seen >= 1)
    expect(serverSide.isPaused).toBe(true)
    const started = Date.now()
    const clientClosed = new Promise<number>((resolve) => client.once('close', resolve))
    socket.close(4403, 'refused')
    expect(await clientClosed).toBe(4403)
    expect(Date.now() - started).toBeLessThan(1000)
  })
})
