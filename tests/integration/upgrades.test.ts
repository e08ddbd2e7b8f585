// Upgrading the schema from every earlier version: each database is built by running the first
// k migrations of today's list, filled with a person and a document, then opened by this code.
// The upgrade is logged step by step, a copy is taken first, and the data is still there. A
// database newer than the code is refused, by the library and by a relay process, untouched.

import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteAccounts } from '../../sync-server/src/accounts/sqlite-accounts.ts'
import { DATABASE_FILE, MIGRATIONS, SCHEMA_VERSION, openDatabase } from '../../sync-server/src/storage/database.ts'
import { DatabaseTooNewError } from '../../sync-server/src/storage/migrate.ts'
import { tempDir } from '../support/relay.ts'
import { removeDataDir, startRelayProcess } from '../support/relay-process.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDataDir(dir)
})

/** A data folder whose database has had the first `k` migrations and holds Alice and one update. */
function databaseAtVersion(k: number): string {
  const dir = tempDir('parley-upgrade-')
  dirs.push(dir)
  const db = new Database(path.join(dir, DATABASE_FILE))
  db.pragma('journal_mode = WAL')
  for (const sql of MIGRATIONS.slice(0, k)) db.exec(sql)
  db.pragma(`user_version = ${k}`)
  db.prepare("INSERT INTO orgs (id, name, created_at) VALUES ('org1', 'Acme', 0)").run()
  db.prepare("INSERT INTO users (id, org_id, email, name, password_hash, created_at) VALUES ('u1', 'org1', 'alice@acme.test', 'Alice', 'x', 0)").run()
  db.prepare("INSERT INTO doc_updates (room, data) VALUES ('chat/c1', x'00')").run()
  db.close()
  return dir
}

describe('schema upgrades', () => {
  for (let k = 1; k < SCHEMA_VERSION; k++) {
    it(`migrate a database at version ${k} to ${SCHEMA_VERSION}, logged, after a copy`, async () => {
      const dir = databaseAtVersion(k)
      const logged: Array<{ message: string; fields: Record<string, unknown> }> = []
      const db = openDatabase(dir, { log: (message, fields) => logged.push({ message, fields }) })
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
        expect(await createSqliteAccounts(db, { scryptCost: 1024 }).userByEmail('alice@acme.test')).toMatchObject({ id: 'u1', name: 'Alice' })
        expect(db.prepare('SELECT count(*) AS n FROM doc_updates').get()).toEqual({ n: 1 })
      } finally {
        db.close()
      }
      const steps = logged.filter((l) => l.fields.event === 'migration').map((l) => [l.fields.from, l.fields.to])
      expect(steps).toEqual(Array.from({ length: SCHEMA_VERSION - k }, (_, i) => [k + i, k + i + 1]))
      for (const step of logged.filter((l) => l.fields.event === 'migration')) expect(step.fields.does).not.toBe('no schema change')

      const copy = logged.find((l) => l.fields.event === 'migration_backup')?.fields.file as string
      expect(path.dirname(copy)).toBe(path.join(dir, 'backups'))
      const old = new Database(copy, { readonly: true })
      expect(old.pragma('user_version', { simple: true })).toBe(k)
      old.close()
    })
  }

  it('creates a new database without a copy, and opens a current one without migrating', () => {
    const dir = tempDir('parley-upgrade-')
    dirs.push(dir)
    const logged: string[] = []
    openDatabase(dir, { log: (_m, fields) => logged.push(String(fields.event)) }).close()
    expect(logged.filter((e) => e === 'migration')).toHaveLength(SCHEMA_VERSION)
    expect(logged).not.toContain('migration_backup')
    logged.length = 0
    openDatabase(dir, { log: (_m, fields) => logged.push(String(fields.event)) }).close()
    expect(logged).toEqual([])
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false)
  })

  it('refuses a database newer than the code and leaves it as it was', async () => {
    const dir = databaseAtVersion(SCHEMA_VERSION)
    const db = new Database(path.join(dir, DATABASE_FILE))
    db.pragma(`user_version = ${SCHEMA_VERSION + 2}`)
    db.close()
    expect(() => openDatabase(dir)).toThrow(DatabaseTooNewError)
    expect(() => openDatabase(dir)).toThrow(`is at schema version ${SCHEMA_VERSION + 2}, but this Parley knows versions up to ${SCHEMA_VERSION}`)

    const started = startRelayProcess({ dataDir: dir })
    await expect(started).rejects.toThrow(/exited with 1[\s\S]*a newer Parley has used it/)
    const after = new Database(path.join(dir, DATABASE_FILE), { readonly: true })
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 2)
    after.close()
  })
})
