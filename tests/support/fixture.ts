// The setup most relay tests share: one test relay for the file, and clients that are all
// destroyed at the end. Call at the top of a test file.

import { afterAll, beforeAll } from 'vitest'
import type { Config } from '../../sync-server/src/config.ts'
import { startTestRelay, type TestRelay } from './relay.ts'
import { connectClient, type Client, type ConnectOptions } from './yclient.ts'

export interface RelayFixture {
  /** Set in beforeAll. */
  relay: TestRelay
  /** A stock y-websocket client of `room` on this relay, destroyed after the file's tests. */
  open(room: string, token: string | null, options?: ConnectOptions): Client
}

export function useRelay(overrides: Partial<Config> = {}): RelayFixture {
  const clients: Client[] = []
  const fixture: RelayFixture = {
    relay: undefined as unknown as TestRelay, // assigned before any test runs
    open(room, token, options) {
      const client = connectClient(fixture.relay.syncUrl, room, token, options)
      clients.push(client)
      return client
    },
  }
  beforeAll(async () => {
    fixture.relay = await startTestRelay(overrides)
  })
  afterAll(async () => {
    for (const client of clients) client.destroy()
    await fixture.relay.close()
  })
  return fixture
}
