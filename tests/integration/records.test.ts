// Record search on a real relay with the demo seed: what Alice and Gina (two organizations) get
// from GET /api/records and GET /api/records/:type/:id over HTTP.

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSqliteRecordStore } from '../../sync-server/src/records/record-store.ts'
import { isSafeRecordUrl } from '@parley/chat-model'
import { demoRecords } from '../../sync-server/src/seed/demo-records.ts'
import { startTestRelay, type Login, type TestRelay } from '../support/relay.ts'

interface Hit {
  type: string
  id: string
  number: string
  label: string
  url: string
}

let relay: TestRelay
let alice: Login
let gina: Login
beforeAll(async () => {
  relay = await startTestRelay()
  ;[alice, gina] = await relay.logins('alice@acme.test', 'gina@globex.test')
  await createSqliteRecordStore(relay.server.db).upsert(gina.user.orgId, [
    { type: 'candidate', id: 'g-1', number: 'CAN-9001', label: 'Quentin Globexonly', fields: {} },
    { type: 'company', id: 'g-2', number: 'COM-9002', label: '<script>alert(1)</script> javascript:alert(2)', fields: {} },
  ])
})
afterAll(() => relay?.close())

const api = async (who: Login, path: string) => {
  const res = await fetch(`${relay.url}${path}`, { headers: { authorization: `Bearer ${who.token}` } })
  return { status: res.status, body: (await res.json()) as { records?: Hit[]; record?: Hit & { fields: Record<string, string> } } }
}
const search = async (who: Login, q: string, limit = 10) => (await api(who, `/api/records?q=${encodeURIComponent(q)}&limit=${limit}`)).body.records ?? []

const ACME = demoRecords(0)
const demo = (number: string) => {
  const record = ACME.find((r) => r.number === number)
  if (!record) throw new Error(`${number} is not a demo record`)
  return record
}

describe('record search on a relay with the demo seed', () => {
  it('finds a job by its number, with or without the prefix, and by the start of the number', async () => {
    const job = demo('JOB-1042')
    expect((await search(alice, 'JOB-1042'))[0]).toEqual({ type: 'job', id: job.id, number: 'JOB-1042', label: job.label, url: `/records/job/${job.id}`, detail: expect.any(String) })
    expect((await search(alice, 'job-1042'))[0]?.number).toBe('JOB-1042')
    expect((await search(alice, '1042'))[0]?.number).toBe('JOB-1042')
    const prefix = await search(alice, 'JOB-10', 50)
    expect(prefix.length).toBeGreaterThan(10)
    expect(prefix.every((h) => h.number.startsWith('JOB-10'))).toBe(true)
    expect(prefix.slice(0, 3).map((h) => h.number)).toEqual(['JOB-1001', 'JOB-1002', 'JOB-1003'])
  })

  it('finds a candidate by the start of the name and by a word inside it', async () => {
    const candidate = demo('CAN-311')
    const [first, last] = candidate.label.split(' ') as [string, string]
    const byName = await search(alice, `${first} ${last.slice(0, 3)}`)
    expect(byName[0]?.label).toBe(candidate.label)
    expect(byName.filter((h) => h.label === candidate.label).map((h) => h.number)).toContain('CAN-311')
    const byWord = await search(alice, last, 50)
    expect(byWord.map((h) => h.number)).toContain('CAN-311')
    expect(byWord.every((h) => h.label.toLowerCase().split(/[^\p{L}]+/u).some((w) => w.startsWith(last.toLowerCase())))).toBe(true)
  })

  it('finds people of the organization, linking to the person', async () => {
    const [bob] = await search(alice, 'bob b')
    expect(bob).toEqual({ type: 'person', id: expect.any(String), number: '', label: 'Bob Brown', url: `/people/${bob?.id}`, detail: 'bob@acme.test' })
    expect(await api(alice, `/api/records/person/${bob?.id}`)).toMatchObject({ status: 200, body: { record: { label: 'Bob Brown', fields: { Email: 'bob@acme.test' } } } })
  })

  it('answers a record with its fields for its page', async () => {
    const job = demo('JOB-1042')
    expect(await api(alice, `/api/records/job/${job.id}`)).toEqual({ status: 200, body: { record: { type: 'job', id: job.id, number: 'JOB-1042', label: job.label, url: `/records/job/${job.id}`, fields: job.fields } } })
  })

  it('never shows one organization another\'s records or people', async () => {
    expect(await search(alice, 'Quentin')).toEqual([])
    expect(await search(alice, 'CAN-9001')).toEqual([])
    expect(await search(alice, 'gina')).toEqual([])
    expect((await api(alice, '/api/records/candidate/g-1')).status).toBe(404)
    expect((await api(alice, `/api/records/person/${gina.user.id}`)).status).toBe(404)
    expect(await search(gina, 'bob')).toEqual([])
    expect((await search(gina, 'quentin'))[0]?.number).toBe('CAN-9001')
    // Both have a JOB-1042 of their own, from different seeds.
    const acmeJob = (await search(alice, 'JOB-1042'))[0]
    const globexJob = (await search(gina, 'JOB-1042'))[0]
    expect(globexJob?.label).toBe(demoRecords(1).find((r) => r.number === 'JOB-1042')?.label)
    expect(globexJob?.label).not.toBe(acmeJob?.label)
  })

  it('hands back hostile labels as plain data with safe links', async () => {
    const [hit] = await search(gina, 'COM-9002')
    expect(hit?.label).toBe('<script>alert(1)</script> javascript:alert(2)')
    expect(hit?.url).toBe('/records/company/g-2')
    for (const h of await search(gina, 'script', 50)) expect(isSafeRecordUrl(h.url)).toBe(true)
  })
})

describe('record search answered by a host CRM (PARLEY_RECORDS_URL)', () => {
  it('asks the host for the caller\'s organization, checks its links and still adds people', async () => {
    const asked: URLSearchParams[] = []
    const host = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://host')
      asked.push(url.searchParams)
      const body = url.pathname === '/records'
        ? { records: [{ type: 'job', id: 'h-1', number: 'JOB-1', label: 'Bob the Welder', url: 'javascript:alert(1)' }, { type: 'job', id: 'h-2', label: 'Bobbin Winder', url: 'https://crm.example.com/jobs/h-2' }] }
        : { record: { type: 'job', id: 'h-1', number: 'JOB-1', label: 'Bob the Welder', fields: { City: 'Oslo' } } }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    })
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve))
    const hosted = await startTestRelay({
      recordsUrl: `http://127.0.0.1:${(host.address() as AddressInfo).port}/records`,
      recordsToken: 'shared-secret',
      recordUrlTemplateJob: 'https://crm.example.com/jobs/{id}',
    })
    try {
      const me = await hosted.login('alice@acme.test')
      const res = await fetch(`${hosted.url}/api/records?q=bob`, { headers: { authorization: `Bearer ${me.token}` } })
      const { records } = (await res.json()) as { records: Hit[] }
      expect(records.map((h) => [h.type, h.label, h.url])).toEqual([
        ['person', 'Bob Brown', expect.stringMatching(/^\/people\//)],
        ['job', 'Bob the Welder', 'https://crm.example.com/jobs/h-1'],
        ['job', 'Bobbin Winder', 'https://crm.example.com/jobs/h-2'],
      ])
      expect(Object.fromEntries(asked[0] ?? [])).toEqual({ org: me.user.orgId, orgName: 'Acme Recruiting', q: 'bob', limit: '10' })
      const page = await fetch(`${hosted.url}/api/records/job/h-1`, { headers: { authorization: `Bearer ${me.token}` } })
      expect(await page.json()).toEqual({ record: { type: 'job', id: 'h-1', number: 'JOB-1', label: 'Bob the Welder', url: 'https://crm.example.com/jobs/h-1', fields: { City: 'Oslo' } } })
    } finally {
      await hosted.close()
      host.closeAllConnections()
      await new Promise((resolve) => host.close(resolve))
    }
  })
})
