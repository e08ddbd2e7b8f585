// Ending a session reaches the sockets it opened: every open connection is watched by its
// session, and is ended within one check interval of that session ending, whatever ended it
// (logout, expiry, revocation, a person deactivated; in this process or by the CLI on the same
// file). It polls one counter per interval, and asks which sessions still stand only when the
// counter moved; expiry is checked against the clock. It does not close anything itself.

import type { Sessions } from '../accounts/sessions.ts'

/**
 * What is watched: one per open connection, told once when its session ends. An object with a
 * method rather than a callback, so that watching a connection costs no closure.
 */
export interface WatchedSession {
  readonly sessionHash: string
  readonly expiresAt: number
  sessionEnded(): void
}

export interface SessionWatch {
  /** Calls `watched.sessionEnded()` once, when its session ends, unless `unwatch` came first. */
  watch(watched: WatchedSession): void
  unwatch(watched: WatchedSession): void
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

export function createSessionWatch(options: SessionWatchOptions): SessionWatch {
  const clock = options.clock ?? Date.now
  const watchers = new Set<WatchedSession>()
  /** -1 until the counter has been read: the first check with watchers asks about them all. */
  let seenSeq = -1
  // A session authenticated before a check and watched after it could have ended in between,
  // with the counter already read: the next check asks about the newly watched ones anyway.
  const fresh = new Set<WatchedSession>()
  // Never two checks at once: a slow database makes the interval skip, not pile up.
  let running: Promise<void> | null = null
  const timer = setInterval(() => void check(), options.intervalMs)
  timer.unref()

  const endAll = (ended: WatchedSession[]) => {
    for (const watched of ended) {
      watchers.delete(watched)
      watched.sessionEnded()
    }
  }

  async function checkOnce(): Promise<void> {
    if (watchers.size === 0) {
      seenSeq = await options.sessions.changeSeq()
      return
    }
    const now = clock()
    endAll([...watchers].filter((w) => w.expiresAt <= now))
    const seq = await options.sessions.changeSeq()
    if (seq === seenSeq && fresh.size === 0) return
    const asked = seq === seenSeq ? [...fresh].filter((w) => watchers.has(w)) : [...watchers]
    for (const w of asked) fresh.delete(w)
    const hashes = [...new Set(asked.map((w) => w.sessionHash))]
    const valid = await options.sessions.stillValid(hashes)
    // Taken as seen only once the answer is in: a failure asks again at the next check.
    seenSeq = seq
    endAll(asked.filter((w) => watchers.has(w) && !valid.has(w.sessionHash)))
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
    watch(watched) {
      watchers.add(watched)
      fresh.add(watched)
    },
    unwatch(watched) {
      watchers.delete(watched)
      fresh.delete(watched)
    },
    check,
    stop: () => clearInterval(timer),
  }
}
