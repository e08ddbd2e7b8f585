// What the relay does while its storage cannot write: after a commit fails for lack of space or
// I/O, the sockets of the rooms that lost writes are closed with 4503 and, for a quiet period,
// new sockets to rooms that store documents are refused with 4503 at once, without loading
// anything. A writer therefore waits instead of looping through reload, resend, fail. Presence
// rooms store nothing and stay open.

export interface StorageOutage {
  /** A commit just failed because storage is unavailable: the quiet period starts (again). */
  failed(): void
  /** Milliseconds until storage is tried again; 0 when it may be tried now. */
  retryAfterMs(): number
}

export function createStorageOutage(options: { retryMs: number; clock?: () => number }): StorageOutage {
  const clock = options.clock ?? Date.now
  let until = 0
  return {
    failed() {
      until = clock() + options.retryMs
    },
    retryAfterMs: () => Math.max(0, until - clock()),
  }
}

/** The close reason of a 4503: says when to come back, in whole seconds. */
export const storageReason = (retryAfterMs: number) =>
  `storage unavailable, retry in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s`
