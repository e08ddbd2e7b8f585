// What a loaded room has in storage, and whether its rows are worth compacting into one snapshot.
// It only keeps count and decides; rooms.ts runs the compactions.
//
// A compaction encodes and rewrites the whole document, so compacting every N updates costs a
// growing chat time quadratic in its length (a 100k-message chat: 102 compactions, 580 MB
// encoded). Waiting also until the rows after the snapshot weigh a share of it makes snapshots
// grow geometrically: O(log n) compactions, and at most (1 + 1/TAIL_SHARE) times the final size
// encoded in all (a little more in practice: an update's bytes shrink once in a snapshot). The
// longer tail does not slow loading: a 100k-message chat applied from a 7.6 MB snapshot and 34k
// updates (8 MB) in 0.75 s, and from its one 11.4 MB snapshot in 0.72–0.82 s.

/** The rows after the snapshot must weigh at least this share of it (in bytes) to be compacted. */
export const TAIL_SHARE = 0.5

export class StoredLog {
  /** Rows in storage: the snapshot (or the document's first update) and every update after it. */
  rows = 0
  /** Row numbers this process loaded or committed for the room: exactly what a compaction replaces. */
  seqs: number[] = []
  private snapshotBytes = 0
  private tailBytes = 0

  constructor(rows: readonly Uint8Array[] = [], seqs: readonly number[] = []) {
    for (const row of rows) this.append(row.byteLength)
    this.seqs = [...seqs]
  }

  /** A counted write was committed as row `seq`. */
  committed(seq: number): void {
    this.seqs.push(seq)
  }

  /** Bytes in storage: the snapshot and every update after it. */
  get bytes(): number {
    return this.snapshotBytes + this.tailBytes
  }

  /** Counts one more stored update of `bytes` bytes. */
  append(bytes: number): void {
    if (this.rows === 0) this.snapshotBytes = bytes
    else this.tailBytes += bytes
    this.rows++
  }

  /** The rows in `replaced` were replaced by one snapshot of `bytes` bytes, row `seq`. */
  compacted(bytes: number, seq: number, replaced: readonly number[]): void {
    const gone = new Set(replaced)
    // Rows committed while the compaction ran are not in it: they stay, after the snapshot.
    this.seqs = [seq, ...this.seqs.filter((s) => !gone.has(s))]
    this.rows = this.seqs.length
    this.snapshotBytes = bytes
    this.tailBytes = 0
  }

  /** At least `afterUpdates` rows, and the rows after the snapshot weigh TAIL_SHARE of it. */
  isWorthCompacting(afterUpdates: number): boolean {
    return this.rows >= afterUpdates && this.tailBytes >= this.snapshotBytes * TAIL_SHARE
  }
}
