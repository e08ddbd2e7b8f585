// The cluster harness itself: the TCP proxy that cuts one relay off from Redis really cuts (and
// restores) a live link, and a relay that does not report PostgreSQL and Redis is refused with a
// message that says so, rather than left for the tests to time out against.

import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay } from '../support/relay.ts'
import { waitFor } from '../support/wait.ts'
import { checkScaleOut, NotScaleOutError, scaleOutProblem } from './support/cluster.ts'
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts'

/** A plain TCP echo server on a free port. */
let echo: net.Server
let echoPort: number
let proxy: TcpProxy
beforeAll(async () => {
  echo = net.createServer((socket) => {
    socket.on('error', () => {})
    socket.pipe(socket)
  })
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', () => resolve()))
  echoPort = (echo.address() as net.AddressInfo).port
  proxy = await startTcpProxy(echoPort)
})
afterAll(async () => {
  await proxy.close()
  await new Promise((resolve) => echo.close(resolve))
})

/** A connection through the proxy with what it has read and whether it has closed. */
function dial() {
  const socket = net.connect(proxy.port, '127.0.0.1')
  const state = { socket, received: '', closed: false, failed: false }
  socket.on('data', (chunk: Buffer) => (state.received += chunk.toString()))
  socket.on('error', () => (state.failed = true))
  socket.on('close', () => (state.closed = true))
  return state
}

describe('the TCP proxy', () => {
  it('passes bytes both ways', async () => {
    const link = dial()
    link.socket.write('hello')
    await waitFor(() => link.received === 'hello', 'the echo through the proxy')
    expect(proxy.open()).toBe(1)
    link.socket.destroy()
    await waitFor(() => proxy.open() === 0, 'the proxy to let the connection go')
  })

  it('ends live connections when cut, turns new ones away, and lets them through once restored', async () => {
    const live = dial()
    live.socket.write('before')
    await waitFor(() => live.received === 'before', 'the echo before the cut')

    proxy.cut()
    await waitFor(() => live.closed, 'the live connection to be cut')
    expect(live.failed).toBe(true) // a reset, as a broken link looks to the client
    const refused = dial()
    refused.socket.write('during')
    await waitFor(() => refused.closed, 'a new connection to be turned away')
    expect(refused.received).toBe('')

    proxy.restore()
    const again = dial()
    again.socket.write('after')
    await waitFor(() => again.received === 'after', 'the echo after the restore')
    again.socket.destroy()
  })
})

describe('the scale-out check', () => {
  it('accepts only PostgreSQL storage with the Redis bus', () => {
    expect(scaleOutProblem({ ok: true, storage: 'postgres', bus: 'redis' })).toBeNull()
    expect(scaleOutProblem({ ok: true })).toMatch(/does not report postgres/)
    expect(scaleOutProblem({ storage: 'sqlite', bus: 'local' })).toMatch(/does not report postgres/)
    expect(scaleOutProblem({ storage: 'postgres', bus: 'local' })).toMatch(/does not report the Redis bus/)
    expect(scaleOutProblem('not json')).toMatch(/does not report postgres/)
  })

  it('refuses a relay on its embedded SQLite, naming it and what it answered', async () => {
    const relay = await startTestRelay()
    try {
      const refused = await checkScaleOut('A', relay.url).then(
        () => null,
        (error: unknown) => error,
      )
      expect(refused).toBeInstanceOf(NotScaleOutError)
      expect(String(refused)).toMatch(new RegExp(`relay A at ${relay.url} does not report postgres`))
      expect(String(refused)).toMatch(/PARLEY_DATABASE_URL/)
    } finally {
      await relay.close()
    }
  })
})
