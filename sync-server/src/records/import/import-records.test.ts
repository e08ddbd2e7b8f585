import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteAccounts } from '../../accounts/sqlite-accounts.ts'
import { openDatabase, type Db } from '../../storage/database.ts'
import type { RecordDirectory } from '../directory.ts'
import { createSqliteRecordStore, type RecordStore } from '../record-store.ts'
import { createSqliteDirectory } from '../sqlite-directory.ts'
import { DEFAULT_URL_TEMPLATES } from '../url-template.ts'
import { importRecords } from './import-records.ts'
import { openRecordsFile, RecordsFileError, type FileItem, type RecordsFileFormat, type RowProblem } from './read-records-file.ts'

let dir: string
let db: Db
let store: RecordStore
let records: RecordDirectory
let orgId: string
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-import-'))
  db = openDatabase(dir)
  orgId = (await createSqliteAccounts(db, { scryptCost: 1024 }).createOrg('Acme')).id
  store = createSqliteRecordStore(db)
  records = createSqliteDirectory(db, { urls: DEFAULT_URL_TEMPLATES })
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const file = (name: string, content: string) => {
  const full = path.join(dir, name)
  fs.writeFileSync(full, content)
  return full
}
/** Imports a file; `skipped` lists every skipped row in the order they were reported. */
const run = async (name: string, content: string, format: RecordsFileFormat) => {
  const skipped: RowProblem[] = []
  const summary = await importRecords(store, orgId, openRecordsFile(file(name, content), format).items, { batchSize: 2, onSkip: (p) => skipped.push(p) })
  return { ...summary, skipped }
}

describe('importing a CSV file', () => {
  const CSV = [
    'Type,ID,Number,Label,City,Salary',
    'job,1042,JOB-1042,Senior Welder,Oslo,"€50,000"',
    'jobb,1043,JOB-1043,Typo in the type,Oslo,',
    'job,1044,JOB-1044,,Oslo,',
    'candidate,311,CAN-311,"Ann ""Annie"" Smith",Berlin,',
    'candidate,312,CAN-312,Too many values,Berlin,,extra',
    'company,11,COM-11,"Northwind',
    'Logistics",Hamburg,',
    'job,1042,JOB-1042,Same job again,Oslo,',
    '',
    'contact,101,,Jo Contact,,',
  ].join('\r\n')

  it('imports the good rows and skips each bad one with its line and reason, in file order', async () => {
    const result = await run('records.csv', CSV, 'csv')
    expect(result.imported).toBe(4)
    expect(result.skipped).toEqual([
      { where: 'line 3', reason: 'type must be one of candidate, contact, company, job, placement' },
      { where: 'line 4', reason: 'label is missing' },
      { where: 'line 6', reason: 'has 7 values, the header has 6 columns' },
      { where: 'line 9', reason: 'job/1042 is already in line 2' },
    ])
    expect(await records.get(orgId, 'job', '1042')).toMatchObject({ label: 'Senior Welder', fields: { City: 'Oslo', Salary: '€50,000' } })
    expect(await records.get(orgId, 'candidate', '311')).toMatchObject({ label: 'Ann "Annie" Smith', fields: { City: 'Berlin' } })
    // A quoted value may span lines; the label reads as one line.
    expect(await records.get(orgId, 'company', '11')).toMatchObject({ label: 'Northwind Logistics', fields: { City: 'Hamburg' } })
    expect(await records.get(orgId, 'contact', '101')).toMatchObject({ number: '', label: 'Jo Contact', fields: {} })
    expect((await records.search(orgId, 'welder', 10)).map((h) => h.number)).toEqual(['JOB-1042'])
  })

  it('updates what changed and counts what did not', async () => {
    await run('first.csv', 'type,id,number,name\njob,1,JOB-1,Welder\njob,2,JOB-2,Baker\n', 'csv')
    expect(await run('second.csv', 'type,id,number,name\njob,1,JOB-1,Night Welder\njob,2,JOB-2,Baker\njob,3,JOB-3,Cook\n', 'csv')).toMatchObject({ imported: 1, updated: 1, unchanged: 1, skipped: [] })
  })

  it('cites a row that spans lines by its first line, with CRLF, CR and blank lines about', async () => {
    const csv = 'type,id,label\r\n\r\njob,1,"Welder\r\nnight shift"\r\n\r\n\rjob,2,""\rcompany,3,"Acme\nRecruiting\nLtd"\njob,4,\n'
    const result = await run('lines.csv', csv, 'csv')
    expect(result.imported).toBe(2)
    expect(result.skipped).toEqual([
      { where: 'line 7', reason: 'label is missing' },
      { where: 'line 11', reason: 'label is missing' },
    ])
    expect((await records.get(orgId, 'company', '3'))?.label).toBe('Acme Recruiting Ltd')
  })

  it('keeps a stray quote as text and goes on; reports a quote never closed', async () => {
    const result = await run('quotes.csv', 'type,id,label\njob,1,"Weld"er\n job , 2 , Baker \njob,3,"unclosed\njob,4,Cook\n', 'csv')
    expect(result.imported).toBe(2)
    // The row that opens the quote starts on line 4; the quote swallows the rest of the file.
    expect(result.skipped).toEqual([{ where: 'line 4', reason: expect.stringMatching(/^not valid CSV: Quote Not Closed/) }])
    expect((await records.get(orgId, 'job', '1'))?.label).toBe('"Weld"er')
    expect((await records.get(orgId, 'job', '2'))?.label).toBe('Baker')
  })

  it('refuses a file whose header lacks the needed columns', async () => {
    await expect(run('nohead.csv', 'job,1,Welder\n', 'csv')).rejects.toThrow(RecordsFileError)
    await expect(run('nohead.csv', 'job,1,Welder\n', 'csv')).rejects.toThrow(/type, id, label are missing/)
    await expect(run('empty.csv', '', 'csv')).rejects.toThrow(/missing/)
  })
})

describe('importing a JSON file', () => {
  it('takes an array or { records }, with numeric ids and field values, and skips bad records', async () => {
    const json = JSON.stringify({
      records: [
        { type: 'job', id: 1042, number: 'JOB-1042', label: 'Welder', fields: { Openings: 2, Remote: false, Notes: null } },
        { type: 'person', id: 'u1', label: 'People come from the accounts' },
        { type: 'job', id: 1043, label: 'x'.repeat(301) },
        'not a record',
        { type: 'placement', id: '77', number: 'PLC-77', label: '<script>alert(1)</script>', fields: { Link: 'javascript:alert(1)' } },
      ],
    })
    const result = await run('records.json', json, 'json')
    expect(result).toMatchObject({ imported: 2, updated: 0, unchanged: 0 })
    expect(result.skipped).toEqual([
      { where: 'record 2', reason: 'type must be one of candidate, contact, company, job, placement' },
      { where: 'record 3', reason: 'label is longer than 300 characters' },
      { where: 'record 4', reason: 'a record must be an object' },
    ])
    expect(await records.get(orgId, 'job', '1042')).toMatchObject({ fields: { Openings: '2', Remote: 'false' } })
    expect(await records.get(orgId, 'placement', '77')).toMatchObject({ label: '<script>alert(1)</script>', url: '/records/placement/77', fields: { Link: 'javascript:alert(1)' } })
    expect(await run('list.json', '[{"type":"company","id":"c1","label":"Globex"}]', 'json')).toMatchObject({ imported: 1 })
    expect(await run('other-keys.json', '{"exported":"today","records":[{"type":"company","id":"c2","label":"Initech","fields":{"records":"several"}}]}', 'json')).toMatchObject({ imported: 1 })
  })

  it('refuses a file that is not JSON, or not a list of records, or not there', async () => {
    await expect(run('bad.json', '[{"type":', 'json')).rejects.toThrow(/not valid JSON/)
    await expect(run('obj.json', '{"type":"job"}', 'json')).rejects.toThrow(/array of records/)
    await expect(run('nested.json', '{"data":{"records":[]}}', 'json')).rejects.toThrow(/array of records/)
    expect(() => openRecordsFile(path.join(dir, 'missing.json'), 'json')).toThrow(/There is no file/)
  })
})

describe('progress', () => {
  it('is reported at the first row and after each batch of rows read, bad ones included', async () => {
    async function* rows(): AsyncGenerator<FileItem> {
      for (let i = 0; i < 5; i++) yield { kind: 'row', row: { where: `record ${i + 1}`, input: { type: 'job', id: String(i), label: i === 2 ? '' : `Job ${i}` } } }
    }
    const seen: number[] = []
    const summary = await importRecords(store, orgId, rows(), { batchSize: 2, onProgress: (done) => seen.push(done) })
    expect(seen).toEqual([0, 2, 4, 5])
    expect(summary).toEqual({ imported: 4, updated: 0, unchanged: 0, skipped: 1 })
  })
})
