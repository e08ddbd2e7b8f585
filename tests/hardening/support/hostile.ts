// What the hardening suite shares: a relay in its own process (so that a crash shows as an exited
// pid, not a failed test runner), demo logins, the checks that it is still alive after an
// attack, and update frames built by hand the way an attacker would.

import * as Y from 'yjs'
import { afterAll, beforeAll, expect } from 'vitest'
import { encodeAwareness, encodeSyncStep2, encodeUpdate } from '@parley/protocol'
import { encodeAwarenessEntries } from '../../../sync-server/src/relay/awareness-filter.ts'
import { removeDataDir, startRelayProcess, type RelayProcess } from '../../support/relay-process.ts'
import type { Login } from '../../support/relay.ts'
import { connectClient, type Client, type ConnectOptions } from '../../support/yclient.ts'

export interface HostileFixture {
  relay: RelayProcess
  syncUrl: string
  login(email: string): Promise<Login>
  open(room: string, token: string | null, options?: ConnectOptions): Client
  /** The process has not exited and answers /api/health. */
  expectAlive(): Promise<void>
}

/** One relay process for the file, started in beforeAll with `env` on top of the test defaults. */
export function useRelayProcess(env: Record<string, string> = {}): HostileFixture {
  const clients: Client[] = []
  const fx: HostileFixture = {
    relay: undefined as unknown as RelayProcess, // assigned before any test runs
    syncUrl: '',
    async login(email) {
      const res = await fetch(`${fx.relay.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'parley' }),
      })
      if (!res.ok) throw new Error(`login of ${email} failed: ${res.status}`)
      return (await res.json()) as Login
    },
    open(room, token, options) {
      const client = connectClient(fx.syncUrl, room, token, options)
      clients.push(client)
      return client
    },
    async expectAlive() {
      expect(fx.relay.child.exitCode, 'the relay process exited').toBeNull()
      expect(fx.relay.child.signalCode, 'the relay process was killed').toBeNull()
      const res = await fetch(`${fx.relay.url}/api/health`)
      expect(res.status).toBe(200)
    },
  }
  beforeAll(async () => {
    fx.relay = await startRelayProcess({ env })
    fx.syncUrl = fx.relay.url.replace(/^http/, 'ws') + '/sync'
  })
  afterAll(async () => {
    for (const client of clients) client.destroy()
    await fx.relay.stop()
    removeDataDir(fx.relay.dataDir)
  })
  return fx
}

/** A y-websocket sync frame (step 2 or update) around an encoded Yjs update. */
export const syncUpdateFrame = (update: Uint8Array, step: 'step2' | 'update' = 'update'): Uint8Array =>
  step === 'step2' ? encodeSyncStep2(update) : encodeUpdate(update)

/** An awareness frame of raw entries: any id, any clock, any JSON text (the relay's own encoder). */
export const awarenessFrame = (entries: ReadonlyArray<{ clientId: number; clock: number; json: string }>): Uint8Array =>
  encodeAwareness(encodeAwarenessEntries(entries.map((entry) => ({ ...entry, state: null }))))

/**
 * The part of `scratch` that `base` lacks, as an update, but leaving out what `skip` (client →
 * clock) says the sender pretends not to carry: how an update that refers to somebody else's
 * future items is made.
 */
export function updateLeavingOut(scratch: Y.Doc, base: Y.Doc, skip: Map<number, number>): Uint8Array {
  const sv = Y.decodeStateVector(Y.encodeStateVector(base))
  for (const [client, clock] of skip) sv.set(client, clock)
  return Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(sv))
}

/** A copy of `doc` that writes under `clientID` (set after the copy: Yjs picks a new id when an update carries its own). */
export function copyAs(doc: Y.Doc, clientID: number): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  copy.clientID = clientID
  return copy
}
