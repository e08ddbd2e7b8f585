// The setup every multi-relay test file shares: one cluster for the file (started in beforeAll,
// closed in afterAll) and stock y-websocket clients on a chosen relay, or placed by a round-robin
// balancer, that are all destroyed at the end.

import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { connectAcking, connectClient, type Client, type ConnectOptions } from '../../support/yclient.ts'
import { startCluster, type Cluster, type ClusterOptions, type ClusterRelay } from './cluster.ts'

export type AckingClient = Client & { acked(): Map<number, number> }

export interface ClusterFixture {
  /** Set in beforeAll. */
  cluster: Cluster
  /** The relay named 'A', 'B', … */
  relay(name: string): ClusterRelay
  /** A stock client of `room` on `relay`. */
  open(relay: ClusterRelay, room: string, token: string | null, options?: ConnectOptions): Client
  /** A stock client that opts in to acknowledgements, on `relay`. */
  openAcking(relay: ClusterRelay, room: string, token: string, doc?: Y.Doc): AckingClient
  /**
   * An acking client behind a round-robin balancer: its first connection and every reconnection
   * go to the next running relay, as with a load balancer that has no affinity.
   */
  openBalanced(room: string, token: string, options?: { doc?: Y.Doc; connect?: boolean }): AckingClient
  /** The room's messages or state as a fresh client on `relay` gets it (then destroyed). */
  freshDoc(relay: ClusterRelay, room: string, token: string): Promise<Y.Doc>
}

export function useCluster(options: ClusterOptions): ClusterFixture {
  const clients: Client[] = []
  const track = <C extends Client>(client: C): C => {
    clients.push(client)
    return client
  }
  const fx: ClusterFixture = {
    cluster: undefined as unknown as Cluster, // assigned before any test runs
    relay(name) {
      const relay = fx.cluster.relays.find((r) => r.name === name)
      if (!relay) throw new Error(`the cluster has no relay ${name}`)
      return relay
    },
    open: (relay, room, token, connectOptions) => track(connectClient(relay.syncUrl, room, token, connectOptions)),
    openAcking: (relay, room, token, doc = new Y.Doc()) => track(connectAcking(relay.syncUrl, room, token, doc)),
    openBalanced(room, token, balancedOptions = {}) {
      const client = connectAcking(fx.cluster.next().syncUrl, room, token, balancedOptions.doc ?? new Y.Doc(), balancedOptions)
      const provider = client.provider
      // y-websocket reads serverUrl each time it opens a socket: move on after every close.
      provider.on('connection-close', () => {
        provider.serverUrl = fx.cluster.next().syncUrl
      })
      return track(client)
    },
    async freshDoc(relay, room, token) {
      const reader = connectClient(relay.syncUrl, room, token)
      try {
        await reader.synced()
        return reader.doc
      } finally {
        reader.destroy()
      }
    },
  }
  beforeAll(async () => {
    fx.cluster = await startCluster(options)
  }, 120_000)
  // No relay may die on its own: a crash fails the test it happened in, with the relay's output.
  afterEach(() => {
    const crashes = fx.cluster?.relays.flatMap((relay) => relay.takeCrashes()) ?? []
    if (crashes.length > 0) throw new Error(crashes.join('\n\n'))
  })
  afterAll(async () => {
    // A client that cannot be destroyed (a test changed its document's client id, say) must not
    // keep the cluster running: close it first, then report.
    const failures: unknown[] = []
    for (const client of clients) {
      try {
        client.destroy()
      } catch (error) {
        failures.push(error)
      }
    }
    await fx.cluster?.close()
    if (failures.length > 0) throw new Error(`${failures.length} client(s) could not be destroyed: ${String(failures[0])}`)
  }, 60_000)
  return fx
}

/** True when `client`'s newest acknowledgement covers the write `doc` made at `clock` (its state before the write). */
export const ackCovers = (client: AckingClient, doc: Y.Doc, clock: number) => (client.acked().get(doc.clientID) ?? 0) > clock
