// Record search benchmark: loads 100,000 generated records into a temp SQLite file with the
// relay's own schema, runs a fixed mix of name-prefix, word and number queries through the
// directory GET /api/records uses, prints p50/p95/p99 and writes docs/benchmarks-records.md.
// Run: node --import tsx tests/bench/records/search.ts [--per-kind 1000] [--no-write]

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { createSqliteAccounts } from '../../../sync-server/src/accounts/sqlite-accounts.ts'
import { loadConfig } from '../../../sync-server/src/config.ts'
import { createRecordDirectory } from '../../../sync-server/src/records/create-directory.ts'
import { createSqliteRecordStore } from '../../../sync-server/src/records/record-store.ts'
import { createSqliteDirectory } from '../../../sync-server/src/records/sqlite-directory.ts'
import { generateRecords } from '../../../sync-server/src/seed/record-generator.ts'
import { openDatabase } from '../../../sync-server/src/storage/database.ts'
import { queryMix, QueryKind } from './queries.ts'
import { markdown, summarize, textTable, type Row } from './report.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const { values } = parseArgs({ options: { 'per-kind': { type: 'string', default: '1000' }, 'no-write': { type: 'boolean', default: false } } })
const perKind = Number(values['per-kind'])
if (!Number.isInteger(perKind) || perKind < 1) throw new Error(`--per-kind must be a whole number above 0, got ${values['per-kind']}`)
const LIMIT = 10
const COUNTS = { candidate: 40_000, contact: 20_000, company: 10_000, job: 20_000, placement: 10_000 }
const OTHER_COUNTS = { candidate: 4_000, contact: 2_000, company: 1_000, job: 2_000, placement: 1_000 }

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-records-'))
const db = openDatabase(dataDir)
try {
  const accounts = createSqliteAccounts(db, { scryptCost: 1024 })
  const org = await accounts.createOrg('Bench Recruiting')
  const other = await accounts.createOrg('Other Org')
  const people = ['Alice Adams', 'Bob Brown', 'Carol Clark', 'Maria Lopez', 'Ivan Petrov', 'Zoë Smith', 'Nora Hansen', 'Sam Engel']
  for (const [i, name] of people.entries()) await accounts.createUser({ orgId: org.id, email: `p${i}@bench.test`, name, password: 'long enough' })

  const records = generateRecords(2024, COUNTS)
  const store = createSqliteRecordStore(db)
  process.stderr.write(`Loading ${records.length.toLocaleString('en-US')} records… `)
  const loadStart = performance.now()
  for (let i = 0; i < records.length; i += 5_000) await store.upsert(org.id, records.slice(i, i + 5_000))
  const loadMs = performance.now() - loadStart
  await store.upsert(other.id, generateRecords(99, OTHER_COUNTS))
  process.stderr.write(`${(loadMs / 1000).toFixed(1)} s\n`)

  const config = loadConfig({}, { dataDir, logLevel: 'silent' })
  const directory = createRecordDirectory({ config, stored: (options) => createSqliteDirectory(db, options), accounts, log: pino({ level: 'silent' }) })
  const queries = queryMix(records, perKind)

  for (const q of queries.slice(0, 200)) await directory.search(org.id, q.text, LIMIT) // warm-up
  const samples = new Map<string, { ms: number; hits: number }[]>()
  for (const q of queries) {
    const start = performance.now()
    const hits = await directory.search(org.id, q.text, LIMIT)
    const ms = performance.now() - start
    const list = samples.get(q.kind) ?? []
    list.push({ ms, hits: hits.length })
    samples.set(q.kind, list)
  }

  const rows: Row[] = [...Object.values(QueryKind).map((kind) => summarize(kind, samples.get(kind) ?? [])), summarize('all', [...samples.values()].flat())]
  process.stdout.write(`${textTable(rows)}\n`)
  if (!values['no-write']) {
    const sqliteVersion = db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()?.v ?? '?'
    const page = markdown(rows, { records: records.length, otherOrgRecords: Object.values(OTHER_COUNTS).reduce((a, b) => a + b, 0), people: people.length, loadMs, limit: LIMIT, sqliteVersion })
    fs.writeFileSync(path.join(ROOT, 'docs', 'benchmarks-records.md'), page)
    process.stderr.write('Wrote docs/benchmarks-records.md\n')
  }
} finally {
  db.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
}
