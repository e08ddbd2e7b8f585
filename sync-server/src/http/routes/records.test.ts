import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { User } from '../../accounts/accounts.ts'
import { createSqliteRecordStore } from '../../records/record-store.ts'
import { createTestApp, type TestApp } from '../test-app.ts'

let t: TestApp
let alice: User
let gina: User
let token: string
beforeEach(async () => {
  t = await createTestApp()
  alice = await t.addUser('Acme', 'alice@acme.test', 'Alice Adams')
  gina = await t.addUser('Globex', 'gina@globex.test', 'Gina Green')
  const store = createSqliteRecordStore(t.db)
  store.upsert(alice.orgId, [
    { type: 'job', id: '1042', number: 'JOB-1042', label: 'Senior Welder', fields: { City: 'Oslo', Salary: '€50,000' } },
    { type: 'candidate', id: '311', number: 'CAN-311', label: 'Alina <b>Bold</b>', fields: {} },
    ...Array.from({ length: 15 }, (_, i) => ({ type: 'company' as const, id: String(i), number: `COM-${i}`, label: `Widget ${i}`, fields: {} })),
  ])
  store.upsert(gina.orgId, [{ type: 'job', id: '7', number: 'JOB-7', label: 'Globex Secret Welder', fields: {} }])
  token = await t.login('alice@acme.test')
})
afterEach(() => t?.close())

const get = (url: string, bearer: string | null = token) => t.app.request(url, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} })
const body = async (res: Response) => (await res.json()) as Record<string, unknown>

describe('GET /api/records', () => {
  it('answers the caller\'s organization\'s records and people, best first', async () => {
    const res = await get('/api/records?q=al')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      records: [
        { type: 'person', id: alice.id, number: '', label: 'Alice Adams', url: `/people/${alice.id}`, detail: alice.email },
        { type: 'candidate', id: '311', number: 'CAN-311', label: 'Alina <b>Bold</b>', url: '/records/candidate/311' },
      ],
    })
    expect(await body(await get('/api/records?q=job-1042'))).toEqual({
      records: [{ type: 'job', id: '1042', number: 'JOB-1042', label: 'Senior Welder', url: '/records/job/1042', detail: 'Oslo' }],
    })
    expect(await body(await get(`/api/records?q=${encodeURIComponent('@welder')}`))).toMatchObject({ records: [{ number: 'JOB-1042' }] })
  })

  it('returns 10 by default and honours limit', async () => {
    expect(((await body(await get('/api/records?q=widget'))).records as unknown[]).length).toBe(10)
    expect(((await body(await get('/api/records?q=widget&limit=3'))).records as unknown[]).length).toBe(3)
    expect(((await body(await get('/api/records?q=widget&limit=50'))).records as unknown[]).length).toBe(15)
  })

  it('refuses a missing, blank or too long q, and a limit outside 1..50, with 400 invalid_query', async () => {
    for (const query of ['', '?q=', '?q=%20%20', `?q=${'a'.repeat(101)}`, '?q=a&limit=0', '?q=a&limit=51', '?q=a&limit=abc', '?q=a&limit=1.5', '?q=a&limit=']) {
      const res = await get(`/api/records${query}`)
      expect(res.status, query).toBe(400)
      expect(await res.json(), query).toEqual({ error: 'invalid_query', message: expect.any(String) })
    }
    expect((await get(`/api/records?q=${'a'.repeat(100)}`)).status).toBe(200)
  })

  it('needs a session: 401 unauthorized', async () => {
    for (const url of ['/api/records?q=al', '/api/records/job/1042']) {
      for (const bearer of [null, 'not-a-token']) {
        const res = await get(url, bearer)
        expect(res.status, url).toBe(401)
        expect(await body(res)).toMatchObject({ error: 'unauthorized' })
      }
    }
  })

  it('never shows another organization\'s records or people', async () => {
    expect(await body(await get('/api/records?q=welder'))).toMatchObject({ records: [{ number: 'JOB-1042' }] })
    expect(await body(await get('/api/records?q=gina'))).toEqual({ records: [] })
    expect(await body(await get('/api/records?q=globex'))).toEqual({ records: [] })
  })
})

describe('GET /api/records/:type/:id', () => {
  it('answers the record with its fields', async () => {
    const res = await get('/api/records/job/1042')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      record: { type: 'job', id: '1042', number: 'JOB-1042', label: 'Senior Welder', url: '/records/job/1042', fields: { City: 'Oslo', Salary: '€50,000' } },
    })
    expect(await body(await get(`/api/records/person/${alice.id}`))).toMatchObject({ record: { type: 'person', label: 'Alice Adams', fields: { Email: 'alice@acme.test' } } })
  })

  it('answers 404 not_found for another organization\'s record, an unknown id or type', async () => {
    for (const url of ['/api/records/job/7', `/api/records/person/${gina.id}`, '/api/records/job/1043', '/api/records/candidate/1042', '/api/records/spaceship/1042', `/api/records/job/${'1'.repeat(129)}`]) {
      const res = await get(url)
      expect(res.status, url).toBe(404)
      expect(await res.json(), url).toEqual({ error: 'not_found', message: expect.any(String) })
    }
  })
})

describe('with a host CRM that does not answer', () => {
  it('answers 502 records_unavailable without the host\'s details', async () => {
    t.close()
    t = await createTestApp({ recordsUrl: 'http://127.0.0.1:9/records', recordsTimeoutMs: 2_000 })
    await t.addUser('Acme', 'alice@acme.test', 'Alice Adams')
    const res = await get('/api/records?q=al', await t.login('alice@acme.test'))
    expect(res.status).toBe(502)
    const answer = await body(res)
    expect(answer).toEqual({ error: 'records_unavailable', message: expect.any(String) })
    expect(String(answer.message)).not.toContain('127.0.0.1')
  })
})
