// Issue 9, item 5: when a session ends, its open sockets close with 4401 within 2 s. Before, a
// socket opened with a session kept reading and writing after POST /api/logout. Sessions end by
// logout here, and by another process deleting the session row on the same SQLite file (what the
// admin CLI does to revoke or disable someone); expiry is covered by session-watch.test.ts.

import path from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { CloseCode, inboxRoom } from '@parley/protocol'
import { openRawSocket } from '../support/raw-socket.ts'
import type { Login } from '../support/relay.ts'
import { useRelayProcess } from './support/hostile.ts'

const fx = useRelayProcess()
let bob: Login

beforeAll(async () => {
  bob = await fx.login('bob@acme.test')
})

/** Ms from `end()` until the relay closes `socket`, with the close code. */
async function timeToClose(socket: ReturnType<typeof openRawSocket>, end: () => Promise<void>) {
  await socket.opened
  const started = performance.now()
  await end()
  const { code } = await socket.closed
  return { code, ms: performance.now() - started }
}

describe('a session that ends', () => {
  it('closes the sockets it opened with a token when the person logs out', async () => {
    const alice = await fx.login('alice@acme.test')
    const socket = openRawSocket(`${fx.syncUrl}/${inboxRoom(alice.user.id)}?token=${alice.token}`)
    const { code, ms } = await timeToClose(socket, async () => {
      const res = await fetch(`${fx.relay.url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${alice.token}` } })
      expect(res.status).toBe(200)
    })
    expect(code).toBe(CloseCode.unauthorized)
    expect(ms).toBeLessThan(2000)
  })

  it('closes the sockets it opened with the cookie, and leaves the person’s other sessions open', async () => {
    const other = await fx.login('alice@acme.test')
    const cookie = await fx.login('alice@acme.test')
    const headers = { cookie: `parley_session=${cookie.token}`, origin: fx.relay.url }
    const byCookie = openRawSocket(`${fx.syncUrl}/${inboxRoom(cookie.user.id)}`, headers)
    const byOther = openRawSocket(`${fx.syncUrl}/${inboxRoom(other.user.id)}?token=${other.token}`)
    await byOther.opened
    const { code, ms } = await timeToClose(byCookie, async () => {
      const res = await fetch(`${fx.relay.url}/api/logout`, { method: 'POST', headers })
      expect(res.status).toBe(200)
    })
    expect(code).toBe(CloseCode.unauthorized)
    expect(ms).toBeLessThan(2000)
    expect(byOther.ws.readyState).toBe(byOther.ws.OPEN)
    byOther.ws.close()
  })

  it('closes every socket of a person whose sessions another process revokes on the same file', async () => {
    const first = openRawSocket(`${fx.syncUrl}/${inboxRoom(bob.user.id)}?token=${bob.token}`)
    const second = await fx.login('bob@acme.test')
    const again = openRawSocket(`${fx.syncUrl}/${inboxRoom(bob.user.id)}?token=${second.token}`)
    await again.opened
    const { code, ms } = await timeToClose(first, async () => {
      const db = new Database(path.join(fx.relay.dataDir, 'parley.db'))
      db.pragma('busy_timeout = 5000')
      db.prepare('DELETE FROM sessions WHERE user_id = ?').run(bob.user.id)
      db.close()
    })
    expect(code).toBe(CloseCode.unauthorized)
    expect(ms).toBeLessThan(2000)
    expect((await again.closed).code).toBe(CloseCode.unauthorized)
    await fx.expectAlive()
  })
})
