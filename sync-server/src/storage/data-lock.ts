// Who holds a data folder: a running relay (or a restore) writes `relay.lock` with its process id
// and host name, and removes it when it stops. `restore` refuses while a live process holds it;
// a second relay on the same folder refuses to start. A lock whose process is gone (the relay was
// killed) is stale and simply taken over. The admin CLI's other commands share the folder with a
// running relay, as SQLite allows, and take no lock.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const LOCK_FILE = 'relay.lock'

export interface LockHolder {
  pid: number
  host: string
  /** What holds it: `relay` or `restore`. */
  role: string
  since: string
}

/** The folder is held by another live process. */
export class DataFolderBusyError extends Error {
  override name = 'DataFolderBusyError'
  constructor(
    readonly holder: LockHolder,
    dataDir: string,
  ) {
    super(
      `${dataDir} is held by a running ${holder.role} (process ${holder.pid} on ${holder.host}, since ${holder.since}). ` +
        `Stop it first${holder.host === os.hostname() ? '' : `, or remove ${path.join(dataDir, LOCK_FILE)} if that host no longer runs it`}.`,
    )
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The live process holding `dataDir`, or null (no lock, or a stale one). */
export function lockHolder(dataDir: string): LockHolder | null {
  let holder: LockHolder
  try {
    holder = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockHolder
  } catch {
    return null // no lock, or a torn one from a crash in the middle of writing it
  }
  // On another host (a shared volume) we cannot tell whether it runs: assume it does.
  if (holder.host !== os.hostname()) return holder
  return holder.pid !== process.pid && isAlive(holder.pid) ? holder : null
}

export interface DataLock {
  release(): void
}

/** Takes `dataDir` for this process. Throws DataFolderBusyError when another live process holds it. */
export function acquireDataLock(dataDir: string, role: 'relay' | 'restore' | 'migrate'): DataLock {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 }) // as openDatabase would: only the relay's user may enter
  const holder = lockHolder(dataDir)
  if (holder) throw new DataFolderBusyError(holder, dataDir)
  const file = path.join(dataDir, LOCK_FILE)
  const mine: LockHolder = { pid: process.pid, host: os.hostname(), role, since: new Date().toISOString() }
  fs.writeFileSync(file, `${JSON.stringify(mine)}\n`)
  return {
    release() {
      // Only our own lock: a relay started after a restore must not lose its lock to the restore.
      try {
        const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder
        if (current.pid === mine.pid && current.since === mine.since) fs.rmSync(file, { force: true })
      } catch {
        // Already gone.
      }
    },
  }
}
