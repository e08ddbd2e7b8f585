import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-app.ts'

const ISSUER = 'https://crm.example.com'
const SECRET = 'a shared secret of at least thirty-two characters'
const secretKey = new TextEncoder().encode(SECRET)

let t: TestApp | undefined
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  t?.close()
  t = undefined
  for (const close of closers.splice(0)) await close()
})

const now = () => Math.floor(Date.now() / 1000)
let jtiSeq = 0
const claims = (overrides: JWTPayload = {}): JWTPayload => ({
  iss: ISSUER,
  aud: 'parley',
  sub: 'u-17',
  org: 'tenant-1',
  name: 'Ada Lovelace',
  email: 'ada@crm.example.com',
  iat: now(),
  exp: now() + 300,
  jti: `jti-${++jtiSeq}`,
  ...overrides,
})

/** Signs `payload` as given (jose adds nothing, so a test can leave any claim out). */
const sign = (payload: JWTPayload, key: Uint8Array | CryptoKey = secretKey, header: { alg: string; kid?: string } = { alg: 'HS256' }) =>
  new SignJWT(payload).setProtectedHeader(header).sign(key)

const exchange = async (token: string) => {
  const res = await t!.app.request('/api/sessions/host', { method: 'POST', body: JSON.stringify({ token }) })
  return { status: res.status, body: (await res.json()) as { error?: string; token?: string; user?: { id: string; orgId: string; name: string; email: string } } }
}

const userCount = () => (t!.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n
const orgCount = () => (t!.db.prepare('SELECT count(*) AS n FROM orgs').get() as { n: number }).n

const withSecret = async () => {
  t = await createTestApp({ hostJwtIssuer: ISSUER, hostJwtSecret: SECRET })
}

/** A refusal leaves no organization, no person and no used token id behind. */
const expectRefused = async (token: string, status: number, error: string) => {
  const before = { users: userCount(), orgs: orgCount() }
  const res = await exchange(token)
  expect(res).toEqual({ status, body: { error, message: expect.any(String) } })
  expect({ users: userCount(), orgs: orgCount() }).toEqual(before)
}

describe('POST /api/sessions/host with HS256', () => {
  it('creates the organization and the person on first sight and answers a session like /api/login', async () => {
    await withSecret()
    const res = await exchange(await sign(claims()))
    expect(res.status).toBe(200)
    expect(res.body.user).toMatchObject({ name: 'Ada Lovelace', email: 'ada@crm.example.com' })
    expect((await t!.sessions.resolve(res.body.token!))?.id).toBe(res.body.user!.id)
    expect((await t!.accounts.orgById(res.body.user!.orgId))?.name).toBe('tenant-1')

    // A later token updates name and email, and finds the same person by (iss, org, sub).
    const again = await exchange(await sign(claims({ name: 'Ada King', email: 'ada.king@crm.example.com' })))
    expect(again.body.user).toEqual({ ...res.body.user, name: 'Ada King', email: 'ada.king@crm.example.com' })
    expect(userCount()).toBe(1)
    // The same sub in another org of the host is another person; nobody is keyed by email.
    const other = await exchange(await sign(claims({ org: 'tenant-2' })))
    expect(other.body.user!.id).not.toBe(res.body.user!.id)
    expect(userCount()).toBe(2)
  })

  it('gives host people no password: /api/login never lets them in', async () => {
    await withSecret()
    await exchange(await sign(claims()))
    const res = await t!.app.request('/api/login', { method: 'POST', body: JSON.stringify({ email: 'ada@crm.example.com', password: 'anything-at-all' }) })
    expect(res.status).toBe(401)
  })

  it('refuses a bad signature', async () => {
    await withSecret()
    const forged = await sign(claims(), new TextEncoder().encode('another secret of thirty-two characters or more'))
    await expectRefused(forged, 401, 'host_token_invalid')
  })

  it('refuses alg none', async () => {
    await withSecret()
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url')
    await expectRefused(`${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims())}.`, 401, 'host_token_algorithm')
  })

  it('refuses an algorithm that is not configured', async () => {
    await withSecret()
    await expectRefused(await sign(claims(), secretKey, { alg: 'HS512' }), 401, 'host_token_algorithm')
    const { privateKey } = await generateKeyPair('ES256')
    await expectRefused(await sign(claims(), privateKey, { alg: 'ES256' }), 401, 'host_token_algorithm')
  })

  it('refuses an expired token', async () => {
    await withSecret()
    await expectRefused(await sign(claims({ iat: now() - 400, exp: now() - 100 })), 401, 'host_token_expired')
  })

  it('refuses a token that is not valid yet', async () => {
    await withSecret()
    await expectRefused(await sign(claims({ nbf: now() + 120 })), 401, 'host_token_not_yet_valid')
    await expectRefused(await sign(claims({ iat: now() + 120, exp: now() + 300 })), 401, 'host_token_not_yet_valid')
  })

  it('refuses a token that lives more than 10 minutes', async () => {
    await withSecret()
    await expectRefused(await sign(claims({ exp: now() + 601 })), 401, 'host_token_lifetime')
  })

  it('refuses the wrong issuer', async () => {
    await withSecret()
    await expectRefused(await sign(claims({ iss: 'https://evil.example.com' })), 401, 'host_token_issuer')
  })

  it('refuses the wrong audience', async () => {
    await withSecret()
    await expectRefused(await sign(claims({ aud: 'someone-else' })), 401, 'host_token_audience')
  })

  it('refuses a replayed jti, even after the first use', async () => {
    await withSecret()
    const token = await sign(claims())
    expect((await exchange(token)).status).toBe(200)
    await expectRefused(token, 401, 'host_token_replayed')
    // Another token with the same id is a replay too.
    await expectRefused(await sign(claims({ jti: `jti-${jtiSeq}` })), 401, 'host_token_replayed')
  })

  it('refuses missing claims, one at a time', async () => {
    await withSecret()
    for (const claim of ['sub', 'org', 'name', 'iat', 'exp', 'jti', 'iss', 'aud']) {
      const payload = claims()
      delete payload[claim]
      await expectRefused(await sign(payload), 401, 'host_token_claims')
    }
    await expectRefused(await sign(claims({ name: '   ' })), 401, 'host_token_claims')
  })

  it('refuses a person the host deactivated, without using up the token', async () => {
    await withSecret()
    const first = await exchange(await sign(claims()))
    await t!.accounts.setDeactivated(first.body.user!.id, true)
    await expectRefused(await sign(claims()), 403, 'host_user_deactivated')
    expect(t!.db.prepare('SELECT count(*) AS n FROM host_token_ids').get()).toEqual({ n: 1 })
  })

  it('answers host_sign_in_off when no issuer is configured', async () => {
    t = await createTestApp()
    await expectRefused(await sign(claims()), 404, 'host_sign_in_off')
  })

  it('answers invalid_body for garbage', async () => {
    await withSecret()
    const res = await t!.app.request('/api/sessions/host', { method: 'POST', body: '{"token":42}' })
    expect(res.status).toBe(400)
    await expectRefused('not.a.jwt', 401, 'host_token_invalid')
  })
})

/** A real JWKS endpoint on port 0, serving whatever keys the test puts in `keys`. */
async function startJwks() {
  const state = { keys: [] as JWK[], fetches: 0 }
  const server = http.createServer((_req, res) => {
    state.fetches++
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ keys: state.keys }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => new Promise((resolve) => server.close(() => resolve())))
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json` }
}

const keyPair = async (alg: 'RS256' | 'ES256' | 'EdDSA', kid: string) => {
  const { publicKey, privateKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {})
  return { privateKey, alg, kid, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } }
}

describe('POST /api/sessions/host with a JWKS', () => {
  it('accepts RS256, ES256 and EdDSA keys, and follows a key rotation at the endpoint', async () => {
    const jwks = await startJwks()
    const rsa = await keyPair('RS256', 'k1')
    const ec = await keyPair('ES256', 'k2')
    const ed = await keyPair('EdDSA', 'k3')
    jwks.state.keys = [rsa.jwk, ec.jwk, ed.jwk]
    t = await createTestApp({ hostJwtIssuer: ISSUER, hostJwksUrl: jwks.url, hostJwksCooldownMs: 0 })

    for (const key of [rsa, ec, ed]) {
      const res = await exchange(await sign(claims(), key.privateKey, { alg: key.alg, kid: key.kid }))
      expect(res.status, key.alg).toBe(200)
    }
    expect(jwks.state.fetches).toBe(1) // Cached.

    // Rotation: the host publishes a new key and drops an old one.
    const next = await keyPair('ES256', 'k4')
    jwks.state.keys = [next.jwk, ed.jwk]
    expect((await exchange(await sign(claims(), next.privateKey, { alg: 'ES256', kid: 'k4' }))).status).toBe(200)
    expect(jwks.state.fetches).toBe(2) // Fetched again for the unknown kid.
    await expectRefused(await sign(claims(), rsa.privateKey, { alg: 'RS256', kid: 'k1' }), 401, 'host_token_invalid')
    // HS256 is not configured here.
    await expectRefused(await sign(claims()), 401, 'host_token_algorithm')
  })

  it('answers host_keys_unavailable when the endpoint cannot be reached', async () => {
    const jwks = await startJwks()
    await closers.pop()!()
    t = await createTestApp({ hostJwtIssuer: ISSUER, hostJwksUrl: jwks.url })
    const key = await keyPair('ES256', 'k1')
    await expectRefused(await sign(claims(), key.privateKey, { alg: 'ES256', kid: 'k1' }), 502, 'host_keys_unavailable')
  })
})

describe('single use of a token id', () => {
  it('keeps a used jti as long as its token could still be accepted', async () => {
    await withSecret()
    const exp = now() + 60
    expect((await exchange(await sign(claims({ jti: 'kept', exp })))).status).toBe(200)
    const row = t!.db.prepare(`SELECT expires_at FROM host_token_ids WHERE jti = 'kept'`).get() as { expires_at: number }
    // jose accepts a token until exp plus the clock tolerance: the id must outlive that.
    expect(row.expires_at).toBe((exp + 5) * 1000)
  })
})
