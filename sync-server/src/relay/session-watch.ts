// Ending a session reaches the sockets it opened: every open connection is watched by its
// session, and is ended within one check interval of that session ending, whatever ended it
// (logout, expiry, revocation, a person deactivated; in this process or by the CLI on the same
// file). It polls one counter per interval, and asks which sessions still stand only when the
// counter moved; expiry is checked against the clock. It does not close anything itself.

import type { Sessions } from '../accounts/sessions.ts'

export interface WatchedSession {
  sessionHash: string
  expiresAt: number
}

export interface SessionWatch {
  /** Calls `end` once when the session ends. Returns the function that stops watching. */
  watch(session: WatchedSession, end: () => void): () => void
  /** Runs one check now (the interval calls it; tests may too). */
  check(): void
  stop(): void
}

export interface SessionWatchOptions {
  sessions: Pick<Sessions, 'changeSeq' | 'stillValid'>
  intervalMs: number
  clock?: () => number
  onError?(error: unknown): void
}

interface Watcher {
  session: WatchedSession
  end: () => void
}

export function createSessionWatch(options: SessionWatchOptions): SessionWatch {
  const clock = options.clock ?? Date.now
  const watchers = new Set<Watcher>()
  let seenSeq = safeSeq()
  // A session authenticated before a check and watched after it could have ended in between,
  // with the counter already read: the next check asks about the newly watched ones anyway.
  const fresh = new Set<Watcher>()
  const timer = setInterval(() => check(), options.intervalMs)
  timer.unref()

  function safeSeq(): number {
    try {
      return options.sessions.changeSeq()
    } catch (error) {
      options.onError?.(error)
      return -1
    }
  }

  const endAll = (ended: Watcher[]) => {
    for (const watcher of ended) {
      watchers.delete(watcher)
      watcher.end()
    }
  }

  function check(): void {
    if (watchers.size === 0) {
      seenSeq = safeSeq()
      return
    }
    const now = clock()
    endAll([...watchers].filter((w) => w.session.expiresAt <= now))
    const seq = safeSeq()
    if (seq === -1 || (seq === seenSeq && fresh.size === 0)) return
    const asked = seq === seenSeq ? [...fresh].filter((w) => watchers.has(w)) : [...watchers]
    seenSeq = seq
    fresh.clear()
    const hashes = [...new Set(asked.map((w) => w.session.sessionHash))]
    let valid: Set<string>
    try {
      valid = options.sessions.stillValid(hashes)
    } catch (error) {
      // Asked again at the next check: the counter is not taken as seen.
      seenSeq = -1
      options.onError?.(error)
      return
    }
    endAll(asked.filter((w) => watchers.has(w) && !valid.has(w.session.sessionHash)))
  }

  return {
    watch(session, end) {
      const watcher: Watcher = { session, end }
      watchers.add(watcher)
      fresh.add(watcher)
      return () => {
        watchers.delete(watcher)
        fresh.delete(watcher)
      }
    },
    check,
    stop: () => clearInterval(timer),
  }
}
