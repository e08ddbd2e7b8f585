import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteAccounts } from '../accounts/sqlite-accounts.ts'
import { openDatabase, type Db } from '../storage/database.ts'
import type { RecordDirectory } from './directory.ts'
import type { StoredRecord } from './record-shape.ts'
import { createSqliteRecordStore, type RecordStore } from './record-store.ts'
import { createSqliteDirectory } from './sqlite-directory.ts'
import { isSafeRecordUrl } from '@parley/chat-model'
import { DEFAULT_URL_TEMPLATES } from './url-template.ts'

let dir: string
let db: Db
let store: RecordStore
let records: RecordDirectory
let acme: string
let globex: string
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-records-'))
  db = openDatabase(dir)
  const accounts = createSqliteAccounts(db, { scryptCost: 1024 })
  acme = (await accounts.createOrg('Acme')).id
  globex = (await accounts.createOrg('Globex')).id
  store = createSqliteRecordStore(db)
  records = createSqliteDirectory(db, { urls: DEFAULT_URL_TEMPLATES })
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const rec = (type: StoredRecord['type'], id: string, number: string, label: string, fields: Record<string, string> = {}): StoredRecord => ({ type, id, number, label, fields })
const ACME: StoredRecord[] = [
  rec('candidate', '311', 'CAN-311', 'Annika Smith', { City: 'Berlin' }),
  rec('candidate', '312', 'CAN-312', 'Ann Smithers'),
  rec('candidate', '313', 'CAN-313', 'Joanna Annerud'),
  rec('contact', '101', 'CON-101', 'Smith Anderson'),
  rec('company', '11', 'COM-11', 'Northwind Logistics Ltd'),
  rec('job', '10', 'JOB-10', 'Forklift Operator at Northwind Logistics Ltd'),
  rec('job', '1042', 'JOB-1042', 'Senior Backend Engineer at Northwind Logistics Ltd'),
  rec('job', '1043', 'JOB-1043', 'Backend Engineer at Globex'),
  rec('job', '104', 'JOB-104', 'Warehouse Supervisor'),
  rec('placement', '77', 'PLC-77', 'Ann Smithers – Senior Backend Engineer'),
  rec('placement', '1042', 'PLC-1042', 'Zoë Ångström – Warehouse Supervisor'),
]
const search = async (q: string, limit = 10, org = acme) => (await records.search(org, q, limit)).map((h) => h.number)

describe('SQLite record search', () => {
  beforeEach(async () => {
    await store.upsert(acme, ACME)
    await store.upsert(globex, [rec('candidate', '311', 'CAN-311', 'Annika Globex'), rec('job', '1042', 'JOB-1042', 'Secret Globex Job')])
  })

  it('finds by the start of the name, then by a word inside it; equals by label', async () => {
    // "ann smithers" < "ann smithers – …" < "annika smith" start with "ann"; "joanna annerud" has a word that does.
    expect(await search('ann')).toEqual(['CAN-312', 'PLC-77', 'CAN-311', 'CAN-313'])
    expect(await search('annika')).toEqual(['CAN-311'])
    expect(await search('Ann Smithers')).toEqual(['CAN-312', 'PLC-77'])
  })

  it('finds words inside the name, after names that start with them', async () => {
    // "Smith Anderson" starts with "smith"; the others have a word that does.
    expect(await search('smith')).toEqual(['CON-101', 'CAN-312', 'PLC-77', 'CAN-311'])
    expect(await search('engineer')).toEqual(['PLC-77', 'JOB-1043', 'JOB-1042'])
    expect(await search('backend north')).toEqual(['JOB-1042'])
    expect(await search('logist')).toEqual(['JOB-10', 'COM-11', 'JOB-1042'])
  })

  it('ignores case and accents', async () => {
    expect(await search('ZOE ang')).toEqual(['PLC-1042'])
    expect(await search('angstrom')).toEqual(['PLC-1042'])
    expect(await search('Zoë')).toEqual(['PLC-1042'])
  })

  it('finds by number with its prefix, the exact one first and then longer numbers, shortest first', async () => {
    expect((await search('JOB-1042'))[0]).toBe('JOB-1042')
    expect(await search('job-1042')).toEqual(['JOB-1042'])
    expect(await search('job-10')).toEqual(['JOB-10', 'JOB-104', 'JOB-1042', 'JOB-1043'])
    expect(await search('job-')).toEqual(['JOB-10', 'JOB-104', 'JOB-1042', 'JOB-1043'])
    expect(await search('plc 77')).toEqual(['PLC-77'])
  })

  it('finds by number without its prefix, exact numbers of every type first', async () => {
    expect(await search('1042')).toEqual(['JOB-1042', 'PLC-1042'])
    expect(await search('77')).toEqual(['PLC-77'])
    // 104 exactly, then 1042 (two records, by label), then 1043.
    expect(await search('104')).toEqual(['JOB-104', 'JOB-1042', 'PLC-1042', 'JOB-1043'])
  })

  it('honours the limit, keeping the best', async () => {
    expect(await search('ann', 2)).toEqual(['CAN-312', 'PLC-77'])
    expect(await search('job-10', 1)).toEqual(['JOB-10'])
  })

  it('never answers with another organization\'s records', async () => {
    for (const q of ['annika', 'globex', 'secret', 'JOB-1042', '1042', '311', 'job-']) {
      const hits = await records.search(acme, q, 50)
      expect(hits.map((h) => h.label).join('|'), q).not.toMatch(/Secret|Annika Globex/)
    }
    expect(await search('secret', 10, globex)).toEqual(['JOB-1042'])
    expect(await search('annika', 10, globex)).toEqual(['CAN-311'])
    expect(await records.get(acme, 'job', '1042')).toMatchObject({ label: 'Senior Backend Engineer at Northwind Logistics Ltd' })
    expect(await records.get(globex, 'job', '1042')).toMatchObject({ label: 'Secret Globex Job' })
    expect(await records.get(globex, 'job', '1043')).toBeNull()
  })

  it('treats query syntax as text', async () => {
    for (const q of ['"', '*', 'ann*', 'ann OR smith', 'NEAR(ann smith)', "'; DROP TABLE records; --", '%', '_', '\\', '\u0000']) {
      await expect(records.search(acme, q, 10), q).resolves.toBeInstanceOf(Array)
    }
    expect(await search('%')).toEqual([])
    expect(await search('ann*')).toEqual(['CAN-312', 'PLC-77', 'CAN-311', 'CAN-313'])
  })

  it('answers hits with the link to the record page', async () => {
    expect(await records.search(acme, 'JOB-1042', 1)).toEqual([
      { type: 'job', id: '1042', number: 'JOB-1042', label: 'Senior Backend Engineer at Northwind Logistics Ltd', url: '/records/job/1042' },
    ])
  })

  it('gets one record with its fields, or null', async () => {
    expect(await records.get(acme, 'candidate', '311')).toEqual({
      type: 'candidate', id: '311', number: 'CAN-311', label: 'Annika Smith', url: '/records/candidate/311', fields: { City: 'Berlin' },
    })
    expect(await records.get(acme, 'contact', '311')).toBeNull()
    expect(await records.get(acme, 'person', '311')).toBeNull()
  })
})

describe('hostile records', () => {
  it('come back as plain data, and their links stay on http(s) or the relay', async () => {
    const hostile = [
      rec('candidate', 'javascript:alert(1)', 'CAN-1', '<img src=x onerror=alert(1)> Mallory'),
      rec('candidate', '//evil.example', 'CAN-2', 'Mallory <script>alert(2)</script>'),
      rec('company', '../../admin', 'COM-1', 'Mallory javascript:alert(3) Corp', { Website: 'javascript:alert(4)' }),
    ]
    await store.upsert(acme, hostile)
    const hits = await records.search(acme, 'mallory', 10)
    expect(hits.map((h) => h.label).sort()).toEqual(hostile.map((r) => r.label).sort())
    for (const hit of hits) expect(isSafeRecordUrl(hit.url), hit.url).toBe(true)
    expect(hits.map((h) => h.url).sort()).toEqual(['/records/candidate/%2F%2Fevil.example', '/records/candidate/javascript%3Aalert(1)', '/records/company/..%2F..%2Fadmin'])
    expect(await records.get(acme, 'company', '../../admin')).toMatchObject({ fields: { Website: 'javascript:alert(4)' } })
  })
})

describe('record store', () => {
  it('tells inserted, updated and unchanged apart, and searches the new label only', async () => {
    expect(await store.upsert(acme, [rec('job', '1', 'JOB-1', 'Welder')])).toEqual(['inserted'])
    expect(await store.upsert(acme, [rec('job', '1', 'JOB-1', 'Welder'), rec('job', '2', 'JOB-2', 'Baker')])).toEqual(['unchanged', 'inserted'])
    expect(await store.upsert(acme, [rec('job', '1', 'JOB-1', 'Night Welder')])).toEqual(['updated'])
    expect(await store.upsert(acme, [rec('job', '1', 'JOB-1', 'Night Welder', { City: 'Oslo' })])).toEqual(['updated'])
    expect(await search('welder')).toEqual(['JOB-1'])
    expect(await search('night')).toEqual(['JOB-1'])
    expect(await store.upsert(acme, [rec('job', '1', 'JOB-1', 'Carpenter', { City: 'Oslo' })])).toEqual(['updated'])
    expect(await search('welder')).toEqual([])
    expect(await search('night')).toEqual([])
    expect(await search('carp')).toEqual(['JOB-1'])
    expect(await store.count(acme)).toBe(2)
    expect(await store.count(globex)).toBe(0)
  })

  it('inserts only missing records and changes none', async () => {
    expect(await store.insertMissing(acme, [rec('job', '1', 'JOB-1', 'Welder')])).toBe(1)
    expect(await store.insertMissing(acme, [rec('job', '1', 'JOB-1', 'Changed'), rec('job', '2', 'JOB-2', 'Baker')])).toBe(1)
    expect(await search('JOB-1')).toEqual(['JOB-1'])
    expect((await records.get(acme, 'job', '1'))?.label).toBe('Welder')
  })
})
