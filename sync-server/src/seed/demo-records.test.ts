import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Accounts } from '../accounts/accounts.ts'
import { createSqliteAccounts } from '../accounts/sqlite-accounts.ts'
import { readStoredRecord } from '../records/record-shape.ts'
import { createSqliteRecordStore, type RecordStore } from '../records/record-store.ts'
import { createSqliteDirectory } from '../records/sqlite-directory.ts'
import { DEFAULT_URL_TEMPLATES } from '../records/url-template.ts'
import { openDatabase, type Db } from '../storage/database.ts'
import { seedDemo } from './demo.ts'
import { demoRecords, seedDemoRecords } from './demo-records.ts'

let dir: string
let db: Db
let accounts: Accounts
let store: RecordStore
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-seed-records-'))
  db = openDatabase(dir)
  accounts = createSqliteAccounts(db, { scryptCost: 1024 })
  store = createSqliteRecordStore(db)
  await seedDemo(accounts)
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('demo records', () => {
  it('are a few hundred valid records of every type, the same on every run', async () => {
    const records = demoRecords(0)
    expect(records.length).toBeGreaterThanOrEqual(300)
    expect(new Set(records.map((r) => r.type))).toEqual(new Set(['candidate', 'contact', 'company', 'job', 'placement']))
    expect(demoRecords(0)).toEqual(records)
    expect(demoRecords(1)).not.toEqual(records)
    for (const record of records) expect(readStoredRecord(record), record.number).toEqual({ ok: true, record })
    expect(new Set(records.map((r) => `${r.type}/${r.id}`)).size).toBe(records.length)
    expect(records.map((r) => r.number)).toEqual(expect.arrayContaining(['JOB-1042', 'PLC-77', 'CAN-311']))
  })

  it('are seeded into each demo organization once; a second seed adds nothing and changes nothing', async () => {
    const acme = (await accounts.orgByName('Acme Recruiting'))?.id ?? ''
    const globex = (await accounts.orgByName('Globex'))?.id ?? ''
    const perOrg = demoRecords(0).length
    expect(await seedDemoRecords(accounts, store)).toBe(perOrg * 2)
    expect(await store.count(acme)).toBe(perOrg)
    expect(await store.count(globex)).toBe(perOrg)

    const job = demoRecords(0).find((r) => r.number === 'JOB-1042')
    if (!job) throw new Error('JOB-1042 is not in the demo records')
    await store.upsert(acme, [{ ...job, label: 'Renamed by an import' }])
    expect(await seedDemoRecords(accounts, store)).toBe(0)
    const directory = createSqliteDirectory(db, { urls: DEFAULT_URL_TEMPLATES })
    expect((await directory.get(acme, 'job', job.id))?.label).toBe('Renamed by an import')
    expect((await directory.search(acme, 'JOB-1042', 1))[0]?.label).toBe('Renamed by an import')
  })
})
