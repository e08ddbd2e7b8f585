import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../log.ts'
import { startCheckpointer, type Checkpointer } from './checkpointer.ts'
import { openDatabase, type Db } from './database.ts'
import { waitFor } from '../../../tests/support/wait.ts'

const log = createLogger('silent')
let db: Db | undefined
let checkpointer: Checkpointer | undefined

afterEach(async () => {
  await checkpointer?.stop()
  db?.close()
  checkpointer = db = undefined
})

const fileSize = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0)

/** Commits `count` transactions of one 4 KiB row each: about one WAL page apiece and more. */
function write(target: Db, count: number) {
  target.exec('CREATE TABLE IF NOT EXISTS filler (data BLOB)')
  const insert = target.prepare('INSERT INTO filler (data) VALUES (?)')
  for (let i = 0; i < count; i++) insert.run(Buffer.alloc(4096, i % 251))
}

describe('the WAL checkpointer', () => {
  it('copies the WAL into the database file from its own thread, never from the relay’s commits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-checkpoint-'))
    db = openDatabase(dir)
    const file = path.join(dir, 'parley.db')
    checkpointer = startCheckpointer(db, log, 20)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    const before = fileSize(file)
    write(db, 1500) // past the 1,000 pages at which the relay's own connection would checkpoint
    await waitFor(() => fileSize(file) > before + 4096 * 1500, 'the rows to reach the database file')

    await checkpointer.stop()
    expect(fileSize(`${file}-wal`)).toBe(0) // stopping checkpoints the rest and truncates the WAL
  })

  it('leaves the WAL alone without it: the relay’s connection does not checkpoint', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-checkpoint-'))
    db = openDatabase(dir)
    db.pragma('wal_autocheckpoint = 0')
    const file = path.join(dir, 'parley.db')
    const before = fileSize(file)
    write(db, 1500)
    expect(fileSize(file)).toBe(before)
    expect(fileSize(`${file}-wal`)).toBeGreaterThan(4096 * 1500)
  })
})
