import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RecordsError, type RecordDirectory } from './directory.ts'
import { createHttpDirectory, type HttpDirectoryOptions } from './http-directory.ts'
import { DEFAULT_URL_TEMPLATES } from './url-template.ts'

// A real host CRM on port 0: each test says how it answers; every request is recorded.
type Answer = (url: URL, res: http.ServerResponse) => void
let answer: Answer
let requests: { url: URL; authorization: string | undefined }[]
let server: http.Server
let base: string
beforeEach(async () => {
  requests = []
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host')
    requests.push({ url, authorization: req.headers.authorization })
    answer(url, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/crm/records`
})
afterEach(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const json = (body: unknown, status = 200): Answer => (_url, res) => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}
const directory = (options: Partial<HttpDirectoryOptions> = {}): RecordDirectory =>
  createHttpDirectory({ url: base, timeoutMs: 2_000, cacheMs: 0, urls: DEFAULT_URL_TEMPLATES, ...options })
const failure = async (promise: Promise<unknown>): Promise<RecordsError> => {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(err instanceof RecordsError)) throw new Error(`expected a RecordsError, got ${String(err)}`)
  return err
}

describe('HTTP record directory', () => {
  it('asks the host with the organization, the query, the limit and the token', async () => {
    answer = json({ records: [{ type: 'job', id: '1042', number: 'JOB-1042', label: 'Welder', url: 'https://crm.example.com/jobs/1042' }] })
    const hits = await directory({ token: 's3cret', orgName: async () => 'Acme Recruiting' }).search('org-1', ' job-10 ', 5)
    expect(hits).toEqual([{ type: 'job', id: '1042', number: 'JOB-1042', label: 'Welder', url: 'https://crm.example.com/jobs/1042' }])
    expect(requests).toHaveLength(1)
    const [request] = requests
    expect(request?.url.pathname).toBe('/crm/records')
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toEqual({ org: 'org-1', orgName: 'Acme Recruiting', q: 'job-10', limit: '5' })
    expect(request?.authorization).toBe('Bearer s3cret')
  })

  it('gets a record at <url>/<type>/<id>, and null for a 404', async () => {
    answer = (url, res) =>
      url.pathname === '/crm/records/candidate/a%2Fb'
        ? json({ record: { type: 'candidate', id: 'a/b', number: 'CAN-1', label: 'Ann', fields: { City: 'Oslo', Age: 41, Notes: null } } })(url, res)
        : json({ error: 'not_found' }, 404)(url, res)
    const records = directory()
    expect(await records.get('org-1', 'candidate', 'a/b')).toEqual({
      type: 'candidate', id: 'a/b', number: 'CAN-1', label: 'Ann', url: '/records/candidate/a%2Fb', fields: { City: 'Oslo', Age: '41' },
    })
    expect(await records.get('org-1', 'candidate', 'nope')).toBeNull()
    expect(await records.get('org-1', 'person', 'x')).toBeNull()
    expect(requests.map((r) => r.url.searchParams.get('org'))).toEqual(['org-1', 'org-1'])
  })

  it('never passes on a link that is not http(s) or a same-origin path, and leaves out invalid records', async () => {
    answer = json({
      records: [
        { type: 'candidate', id: '1', number: 'CAN-1', label: '<b>One</b>', url: 'javascript:alert(1)' },
        { type: 'candidate', id: '2', number: 'CAN-2', label: 'Two', url: '//evil.example/2' },
        { type: 'candidate', id: '3', number: 'CAN-3', label: 'Three', url: 'data:text/html,<script>alert(3)</script>' },
        { type: 'candidate', id: '4', number: 'CAN-4', label: 'Four', url: '/crm/candidates/4' },
        { type: 'candidate', id: '5', number: 'CAN-5', label: 'Five' },
        { type: 'person', id: '6', label: 'Not a host type' },
        { type: 'candidate', id: '', label: 'No id' },
        { type: 'candidate', id: '8', label: 'x'.repeat(301) },
        'not even an object',
      ],
    })
    const hits = await directory({ urls: { ...DEFAULT_URL_TEMPLATES, candidate: 'https://crm.example.com/c/{id}' } }).search('org-1', 'x', 50)
    expect(hits.map((h) => [h.label, h.url])).toEqual([
      ['<b>One</b>', 'https://crm.example.com/c/1'],
      ['Two', 'https://crm.example.com/c/2'],
      ['Three', 'https://crm.example.com/c/3'],
      ['Four', '/crm/candidates/4'],
      ['Five', 'https://crm.example.com/c/5'],
    ])
    expect(await directory().search('org-1', 'x', 2)).toHaveLength(2)
  })

  it('gives up after its timeout', async () => {
    answer = () => {} // holds the request until the server closes
    const err = await failure(directory({ timeoutMs: 100 }).search('org-1', 'x', 5))
    expect(err.reason).toBe('timeout')
    expect(err.message).toMatch(/100 ms/)
  })

  it('reports an unreachable host and bad answers as RecordsError', async () => {
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    expect((await failure(directory({ url: `http://127.0.0.1:${port}/` }).search('o', 'x', 5))).reason).toBe('unreachable')

    const cases: [string, Answer][] = [
      ['500', json({ error: 'boom' }, 500)],
      ['not JSON', (_u, res) => res.end('<html>oops</html>')],
      ['no records array', json({ results: [] })],
      ['too large', (_u, res) => res.end(JSON.stringify({ records: [], pad: 'x'.repeat(1024 * 1024) }))],
      ['a redirect', (_u, res) => { res.writeHead(302, { location: 'https://evil.example/' }); res.end() }],
    ]
    for (const [what, a] of cases) {
      answer = a
      expect((await failure(directory().search('o', 'x', 5))).reason, what).toBe('bad_answer')
    }
    answer = json({ record: { type: 'job', id: 'other', label: 'Another record' } })
    expect((await failure(directory().get('o', 'job', '1'))).reason).toBe('bad_answer')
  })

  it('reuses answers for the cache time, per organization and query, and not failures', async () => {
    let now = 0
    let calls = 0
    answer = (url, res) => json({ records: [{ type: 'job', id: String(++calls), label: `${url.searchParams.get('q')} ${calls}` }] })(url, res)
    const records = directory({ cacheMs: 30_000, clock: () => now })
    const label = async (org: string, q: string) => (await records.search(org, q, 5))[0]?.label
    expect(await label('o1', 'weld')).toBe('weld 1')
    expect(await label('o1', 'weld')).toBe('weld 1')
    expect(await label('o2', 'weld')).toBe('weld 2')
    expect(await label('o1', 'bake')).toBe('bake 3')
    now = 30_000
    expect(await label('o1', 'weld')).toBe('weld 4')
    expect(requests).toHaveLength(4)

    answer = json({ error: 'down' }, 503)
    await failure(records.search('o1', 'down', 5))
    answer = json({ records: [] })
    expect(await records.search('o1', 'down', 5)).toEqual([])
  })
})
