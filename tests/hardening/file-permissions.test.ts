// Item 15 of the hardening issue: the relay's data folder and database are readable by the
// relay's user only, whatever the process umask lets through.

import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, tempDir, type TestRelay } from '../support/relay.ts'

const modeOf = (file: string) => fs.statSync(file).mode & 0o777

let parent: string
let relay: TestRelay
let previousUmask: number

beforeAll(async () => {
  // The usual umask: files 0644 and folders 0755 unless the relay asks for less.
  previousUmask = process.umask(0o022)
  parent = tempDir('parley-perms-')
  relay = await startTestRelay({ dataDir: path.join(parent, 'data', 'nested') })
  const alice = await relay.login('alice@acme.test') // writes a session, so the WAL exists
  expect(alice.token).toBeTruthy()
})

afterAll(async () => {
  await relay.close()
  fs.rmSync(parent, { recursive: true, force: true })
  process.umask(previousUmask)
})

describe('file permissions', () => {
  it('creates the data folder 0700', () => {
    expect(modeOf(relay.dataDir).toString(8)).toBe('700')
  })

  it('creates the database and its WAL companions 0600', () => {
    for (const name of ['parley.db', 'parley.db-wal', 'parley.db-shm']) {
      expect({ name, mode: modeOf(path.join(relay.dataDir, name)).toString(8) }).toEqual({ name, mode: '600' })
    }
  })

  it('tightens a database file that an older relay left world-readable', async () => {
    const file = path.join(relay.dataDir, 'parley.db')
    fs.chmodSync(file, 0o644)
    await relay.restart()
    expect(modeOf(file).toString(8)).toBe('600')
  })
})
