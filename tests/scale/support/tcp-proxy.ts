// A TCP proxy on real sockets (node:net) in front of one server, that a test can cut and restore:
// how one relay is cut off from Redis while the others keep it. A cut ends every connection
// through the proxy at once (RST, as a broken link looks to the client) and turns away new ones
// until `restore`; it does not hold connections open in silence.

import net from 'node:net'

export interface TcpProxy {
  /** The port clients connect to (on 127.0.0.1). */
  port: number
  /** Connections passing through now. */
  open(): number
  /** Ends every connection through the proxy and refuses new ones. */
  cut(): void
  /** Lets connections through again. */
  restore(): void
  readonly isCut: boolean
  close(): Promise<void>
}

/** Starts a proxy on a free port of 127.0.0.1 that forwards to `targetPort` on 127.0.0.1. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<{ client: net.Socket; server: net.Socket }>()
  let cut = false

  const proxy = net.createServer((client) => {
    if (cut) {
      client.resetAndDestroy()
      return
    }
    const server = net.connect(targetPort, '127.0.0.1')
    const pair = { client, server }
    pairs.add(pair)
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      server.destroy()
    }
    client.on('error', end)
    server.on('error', end)
    client.on('close', end)
    server.on('close', end)
    client.pipe(server)
    server.pipe(client)
  })
  await new Promise<void>((resolve, reject) => {
    proxy.once('error', reject)
    proxy.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = proxy.address() as net.AddressInfo

  return {
    port,
    open: () => pairs.size,
    cut() {
      cut = true
      for (const { client, server } of [...pairs]) {
        client.resetAndDestroy()
        server.destroy()
      }
      pairs.clear()
    },
    restore() {
      cut = false
    },
    get isCut() {
      return cut
    },
    async close() {
      for (const { client, server } of pairs) {
        client.destroy()
        server.destroy()
      }
      pairs.clear()
      await new Promise<void>((resolve) => proxy.close(() => resolve()))
    },
  }
}
