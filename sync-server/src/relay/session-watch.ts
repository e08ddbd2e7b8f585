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
  /** Runs one check now (the interval calls it; tests may too); joins the check under way, if any. */
  check(): Promise<void>
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
  /** -1 until the counter has been read: the first check with watchers asks about them all. */
  let seenSeq = -1
  // A session authenticated before a check and watched after it could have ended in between,
  // with the counter already read: the next check asks about the newly watched ones anyway.
  const fresh = new Set<Watcher>()
  // Never two checks at once: a slow database makes the interval skip, not pile up.
  let running: Promise<void> | null = null
  const timer = setInterval(() => void check(), options.intervalMs)
  timer.unref()

  const endAll = (ended: Watcher[]) => {
    for (const watcher of ended) {
      watchers.delete(watcher)
      watcher.end()
    }
  }

  async function checkOnce(): Promise<void> {
    if (watchers.size === 0) {
      seenSeq = await options.sessions.changeSeq()
      return
    }
    const now = clock()
    endAll([...watchers].filter((w) => w.session.expiresAt <= now))
    const seq = await options.sessions.changeSeq()
    if (seq === seenSeq && fresh.size === 0) return
    const asked = seq === seenSeq ? [...fresh].filter((w) => watchers.has(w)) : [...watchers]
    for (const w of asked) fresh.delete(w)
    const hashes = [...new Set(asked.map((w) => w.session.sessionHash))]
    const valid = await options.sessions.stillValid(hashes)
    // Taken as seen only once the answer is in: a failure asks again at the next check.
    seenSeq = seq
    endAll(asked.filter((w) => watchers.has(w) && !valid.has(w.session.sessionHash)))
  }

  function check(): Promise<void> {
    running ??= checkOnce()
      .catch((error: unknown) => {
        seenSeq = -1
        options.onError?.(error)
      })
      .finally(() => {
        running = null
      })
    return running
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
