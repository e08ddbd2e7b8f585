// How often one connection may make its room catch up from the database because its update came
// ahead of what the room has (doc-room.ts), and whether the room has asked it for its whole state
// (a sync step 1) and waits for the reply. A stock client does this once after writing offline; a
// client that keeps sending gapped updates is closed rather than left to make the relay read the
// database in a loop. It decides nothing else and reads no clock of its own.

/** Catch-ups one connection may cause in CATCH_UP_WINDOW_MS; the next closes it. */
export const MAX_CATCH_UPS = 20
export const CATCH_UP_WINDOW_MS = 60_000

export class CatchUps {
  /** The room sent a sync step 1 for what it lacks and no sync step 2 has come back since. */
  asked = false
  private times: number[] = []

  /** Counts one more catch-up at `now`; false when that is one too many in the window. */
  spend(now: number): boolean {
    this.times = this.times.filter((at) => now - at < CATCH_UP_WINDOW_MS)
    if (this.times.length >= MAX_CATCH_UPS) return false
    this.times.push(now)
    return true
  }
}
