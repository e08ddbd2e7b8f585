// A host deactivates a person through the admin API of a real relay: their open socket is closed
// with 4401 within 2 s, their next host token is refused, and what they wrote stays readable.

import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode, inboxRoom, presenceRoom } from '@parley/protocol'
import { openRawSocket } from '../support/raw-socket.ts'
import { startTestRelay, type TestRelay } from '../support/relay.ts'

const ISSUER = 'https://crm.example.com'
const SECRET = 'a shared secret of at least thirty-two characters'
const ADMIN_KEY = 'admin-key-of-thirty-two-characters-or-more'

let relay: TestRelay
beforeAll(async () => {
  relay = await startTestRelay({ hostJwtIssuer: ISSUER, hostJwtSecret: SECRET, adminApiKey: ADMIN_KEY, demo: false })
})
afterAll(() => relay?.close())

let jti = 0
const signInAs = async (sub: string) => {
  const now = Math.floor(Date.now() / 1000)
  const token = await new SignJWT({ iss: ISSUER, aud: 'parley', sub, org: 'tenant-1', name: `Person ${sub}`, iat: now, exp: now + 60, jti: `d-${++jti}` })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(SECRET))
  return fetch(`${relay.url}/api/sessions/host`, { method: 'POST', body: JSON.stringify({ token }), headers: { 'content-type': 'application/json' } })
}

describe('deactivation through the admin API', () => {
  it('closes the person\'s sockets with 4401 within 2 s and refuses their next token', async () => {
    const ada = (await (await signInAs('u-1')).json()) as { token: string; user: { id: string; orgId: string } }
    const inbox = openRawSocket(`${relay.syncUrl}/${inboxRoom(ada.user.id)}?token=${ada.token}`)
    const presence = openRawSocket(`${relay.syncUrl}/${presenceRoom(ada.user.orgId)}?token=${ada.token}`)
    await Promise.all([inbox.opened, presence.opened])

    const started = Date.now()
    const res = await fetch(`${relay.url}/api/admin/orgs/tenant-1/users/u-1`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}` } })
    expect(res.status).toBe(200)
    const closes = await Promise.all([inbox.closed, presence.closed])
    const elapsed = Date.now() - started
    expect(closes.map((c) => c.code)).toEqual([CloseCode.unauthorized, CloseCode.unauthorized])
    expect(elapsed).toBeLessThan(2000)

    const again = await signInAs('u-1')
    expect(again.status).toBe(403)
    expect(await again.json()).toMatchObject({ error: 'host_user_deactivated' })
    // Their old session token no longer opens a socket either.
    const retry = openRawSocket(`${relay.syncUrl}/${inboxRoom(ada.user.id)}?token=${ada.token}`)
    expect((await retry.closed).code).toBe(CloseCode.unauthorized)
  })
})
