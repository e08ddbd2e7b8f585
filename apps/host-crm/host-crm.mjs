// The example host application: its own server, its own people and sign-in, its own origin.
// It embeds Parley as docs/embedding.md says: pages carry <parley-chat>, /parley/token signs a
// short-lived JWT for the person signed in here, and /parley/records answers Parley's @mention
// searches (docs/records.md). Plain node:http, so that every step is in sight.

import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import { SignJWT } from 'jose'
import { ORG, USERS, recordOf, searchRecords } from './data.mjs'
import { dashboardPage, loginPage, recordPage } from './pages.mjs'

const SERVICE_WORKER = fs.readFileSync(new URL('./sw.js', import.meta.url), 'utf8')
const COOKIE = 'crm_session'

/**
 * Starts the CRM. Options: `port` (0 for any), `host`, `parleyUrl` (the relay's address, or a
 * function that returns it), `issuer` and
 * `secret` (the relay's PARLEY_HOST_JWT_ISSUER and PARLEY_HOST_JWT_SECRET), `recordsToken`
 * (the relay's PARLEY_RECORDS_TOKEN). Resolves with `{ url, close }`.
 */
export async function startHostCrm(options) {
  const { issuer, recordsToken } = options
  // A function when the relay's address is only known later (the tests start the CRM first).
  const parleyUrl = () => (typeof options.parleyUrl === 'function' ? options.parleyUrl() : options.parleyUrl)
  const secret = new TextEncoder().encode(options.secret)
  /** The CRM's own sessions: cookie value → user. */
  const sessions = new Map()

  // The whole of the embedding on the host's side: a JWT for the person signed in here.
  const parleyToken = (user) =>
    new SignJWT({ org: ORG.id, name: user.name, email: user.email })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer)
      .setAudience('parley')
      .setSubject(user.id)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(secret)

  const userOf = (req) => {
    const cookie = (req.headers.cookie ?? '').split(';').map((p) => p.trim().split('=')).find(([name]) => name === COOKIE)
    return cookie ? (sessions.get(cookie[1]) ?? null) : null
  }
  const bearerOk = (req) => {
    const given = Buffer.from(req.headers.authorization ?? '')
    const wanted = Buffer.from(`Bearer ${recordsToken}`)
    return given.length === wanted.length && timingSafeEqual(given, wanted)
  }
  const send = (res, status, body, type = 'text/html; charset=utf-8', headers = {}) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache', ...headers })
    res.end(body)
  }
  const json = (res, status, value) => send(res, status, JSON.stringify(value), 'application/json')
  const readForm = (req) =>
    new Promise((resolve) => {
      let body = ''
      req.on('data', (chunk) => (body = (body + chunk).slice(0, 4096)))
      req.on('end', () => resolve(new URLSearchParams(body)))
    })

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://crm')
    const user = userOf(req)
    try {
      if (req.method === 'POST' && url.pathname === '/login') {
        const form = await readForm(req)
        const found = USERS.find((u) => u.email === form.get('email') && u.password === form.get('password'))
        if (!found) return send(res, 401, loginPage('Wrong email or password.'))
        const token = randomBytes(24).toString('base64url')
        sessions.set(token, found)
        return send(res, 303, '', 'text/plain', { location: '/', 'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Lax; Path=/` })
      }
      if (req.method === 'POST' && url.pathname === '/logout') {
        for (const [token, u] of sessions) if (u === user) sessions.delete(token)
        return send(res, 303, '', 'text/plain', { location: '/', 'set-cookie': `${COOKIE}=; Max-Age=0; Path=/` })
      }
      if (url.pathname === '/sw.js') return send(res, 200, SERVICE_WORKER, 'text/javascript')
      if (url.pathname === '/parley/token') {
        if (!user) return json(res, 401, { error: 'signed_out' })
        return json(res, 200, { token: await parleyToken(user) })
      }
      // Parley's relay asks these when someone types an @mention (docs/records.md).
      if (url.pathname.startsWith('/parley/records')) {
        if (!bearerOk(req)) return json(res, 401, { error: 'unauthorized' })
        const linked = (r) => ({ ...r, url: `${options.publicUrl ?? address()}/records/${r.type}/${encodeURIComponent(r.id)}` })
        const [, , , type, id] = url.pathname.split('/')
        if (type && id) {
          const record = recordOf(type, decodeURIComponent(id))
          return record ? json(res, 200, { record: linked(record) }) : json(res, 404, { error: 'not_found' })
        }
        const limit = Math.min(Number(url.searchParams.get('limit')) || 8, 50)
        return json(res, 200, { records: searchRecords(url.searchParams.get('q') ?? '', limit).map(linked) })
      }
      if (!user) return send(res, url.pathname === '/' ? 200 : 401, loginPage(null))
      if (url.pathname === '/') return send(res, 200, dashboardPage(user, parleyUrl()))
      const record = url.pathname.match(/^\/records\/([a-z]+)\/([^/]+)$/)
      if (record) {
        const found = recordOf(record[1], decodeURIComponent(record[2]))
        return send(res, found ? 200 : 404, recordPage(user, parleyUrl(), found))
      }
      return send(res, 404, 'Not found', 'text/plain')
    } catch (error) {
      console.error(error)
      return send(res, 500, 'Something went wrong.', 'text/plain')
    }
  })

  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve)
  })
  const address = () => `http://${options.host ?? '127.0.0.1'}:${server.address().port}`
  return {
    url: address(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
