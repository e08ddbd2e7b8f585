import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Accounts, User } from '../accounts/accounts.ts'
import { createSqliteAccounts } from '../accounts/sqlite-accounts.ts'
import { openDatabase, type Db } from '../storage/database.ts'
import type { RecordDirectory, RecordHit } from './directory.ts'
import { withPeople } from './people-directory.ts'
import { createSqliteRecordStore } from './record-store.ts'
import { createSqliteDirectory } from './sqlite-directory.ts'
import { DEFAULT_URL_TEMPLATES } from './url-template.ts'

let dir: string
let db: Db
let accounts: Accounts
let records: RecordDirectory
let annie: User
let gina: User
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-people-'))
  db = openDatabase(dir)
  accounts = createSqliteAccounts(db, { scryptCost: 1024 })
  const acme = await accounts.createOrg('Acme')
  const globex = await accounts.createOrg('Globex')
  const add = (orgId: string, email: string, name: string) => accounts.createUser({ orgId, email, name, password: 'long enough' })
  annie = await add(acme.id, 'annie@acme.test', 'Annie Hall')
  await add(acme.id, 'bob@acme.test', 'Bob Brown')
  gina = await add(globex.id, 'gina@globex.test', 'Anne Globex')
  await createSqliteRecordStore(db).upsert(acme.id, [
    { type: 'candidate', id: '1', number: 'CAN-1', label: 'Ann Arbor', fields: {} },
    { type: 'candidate', id: '2', number: 'CAN-2', label: 'Anya Zed', fields: {} },
    { type: 'contact', id: '3', number: 'CON-3', label: 'Jo Hallworth', fields: {} },
  ])
  records = withPeople(createSqliteDirectory(db, { urls: DEFAULT_URL_TEMPLATES }), accounts, DEFAULT_URL_TEMPLATES)
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const labels = (hits: RecordHit[]) => hits.map((h) => `${h.type}:${h.label}`)

describe('people in record search', () => {
  it('come with the records, ranked by the same rule', async () => {
    const acme = annie.orgId
    expect(labels(await records.search(acme, 'ann', 10))).toEqual(['candidate:Ann Arbor', 'person:Annie Hall'])
    expect(labels(await records.search(acme, 'an', 10))).toEqual(['candidate:Ann Arbor', 'person:Annie Hall', 'candidate:Anya Zed'])
    // "hall" starts a word of Annie Hall's name and of Jo Hallworth's: word matches, by label.
    expect(labels(await records.search(acme, 'hall', 10))).toEqual(['person:Annie Hall', 'contact:Jo Hallworth'])
    expect(labels(await records.search(acme, 'an', 2))).toEqual(['candidate:Ann Arbor', 'person:Annie Hall'])
  })

  it('are hits of type person that link to the person, with no number', async () => {
    expect(await records.search(annie.orgId, 'annie', 10)).toEqual([{ type: 'person', id: annie.id, number: '', label: 'Annie Hall', url: `/people/${annie.id}`, detail: annie.email }])
    expect(await records.get(annie.orgId, 'person', annie.id)).toEqual({
      type: 'person', id: annie.id, number: '', label: 'Annie Hall', url: `/people/${annie.id}`, fields: { Email: 'annie@acme.test' },
    })
  })

  it('are only ever the caller\'s organization\'s people', async () => {
    expect(labels(await records.search(annie.orgId, 'anne', 10))).toEqual([])
    expect(await records.get(annie.orgId, 'person', gina.id)).toBeNull()
    expect(labels(await records.search(gina.orgId, 'an', 10))).toEqual(['person:Anne Globex'])
  })
})
