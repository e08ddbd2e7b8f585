// Backups of the relay's SQLite file with nothing but better-sqlite3, and restoring one.
// A backup uses SQLite's online backup API through the relay's own file while the relay runs:
// it copies one consistent state (every committed transaction up to a point, none after). A
// restore needs the relay stopped (data-lock.ts), checks the file, keeps the replaced database
// beside it, and removes the old write-ahead log so that it cannot be replayed over the restored file.

import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { acquireDataLock } from './data-lock.ts'
import { DATABASE_FILE, SCHEMA_VERSION, type Db } from './database.ts'

/** A backup or restore that cannot be done, with the reason for people. */
export class BackupError extends Error {
  override name = 'BackupError'
}

/** Copies the open database `db` into the new file `target`. Resolves with its size in bytes. */
export async function backupDatabase(db: Db, target: string): Promise<number> {
  if (fs.existsSync(target)) throw new BackupError(`${target} exists already; choose a new file name.`)
  if (!fs.existsSync(path.dirname(target))) throw new BackupError(`The folder ${path.dirname(target)} does not exist.`)
  // After the first step, copy everything that is left in one step: one read transaction, so a
  // busy relay cannot keep restarting the copy by writing between steps.
  await db.backup(target, { progress: () => 0x7fffffff })
  return fs.statSync(target).size
}

/** What a backup file holds, as far as restoring cares. */
export interface BackupInfo {
  schemaVersion: number
  people: number
}

/** Checks that `file` is a whole Parley database this code can open. */
export function inspectBackup(file: string): BackupInfo {
  if (!fs.existsSync(file)) throw new BackupError(`${file} does not exist.`)
  let db: Db
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch (err) {
    throw new BackupError(`${file} is not a SQLite database: ${(err as Error).message}`)
  }
  try {
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new BackupError(`${file} is damaged (quick_check: ${String(check)}).`)
    const schemaVersion = db.pragma('user_version', { simple: true }) as number
    const hasUsers = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users'").get()
    if (schemaVersion === 0 || !hasUsers) throw new BackupError(`${file} is not a Parley database.`)
    if (schemaVersion > SCHEMA_VERSION) {
      throw new BackupError(`${file} comes from a newer Parley (schema ${schemaVersion}; this one knows ${SCHEMA_VERSION}). Restore it with that version.`)
    }
    const { n } = db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }
    return { schemaVersion, people: n }
  } catch (err) {
    if (err instanceof BackupError) throw err
    throw new BackupError(`${file} could not be read: ${(err as Error).message}`)
  } finally {
    db.close()
  }
}

export interface RestoreResult extends BackupInfo {
  /** Where the database that was replaced now is, if there was one. */
  previous: string | null
}

/**
 * Replaces `<dataDir>/parley.db` with a copy of `file`. Throws DataFolderBusyError while a relay
 * holds the folder, BackupError for a file that is not a usable backup.
 */
export function restoreDatabase(dataDir: string, file: string, clock: () => number = Date.now): RestoreResult {
  const info = inspectBackup(file)
  const lock = acquireDataLock(dataDir, 'restore')
  try {
    const live = path.join(dataDir, DATABASE_FILE)
    const incoming = `${live}.restoring`
    fs.copyFileSync(file, incoming)
    let previous: string | null = null
    if (fs.existsSync(live)) {
      // Folds the old WAL into the old file first, so that the kept copy is whole on its own.
      const old = new Database(live)
      old.pragma('wal_checkpoint(TRUNCATE)')
      old.close()
      previous = `${live}.before-restore-${new Date(clock()).toISOString().replace(/[:.]/g, '-')}`
      fs.renameSync(live, previous)
    }
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${live}${suffix}`, { force: true })
    fs.renameSync(incoming, live)
    return { ...info, previous }
  } finally {
    lock.release()
  }
}
