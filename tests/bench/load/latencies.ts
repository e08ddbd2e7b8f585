// Delivery latency bookkeeping: when each measured message was written and when the peer's
// observer saw it. Sender and receiver live in the same process, so one clock serves both.

import { summarize, type LatencySummary } from '../lib/stats.ts'

export class Latencies {
  private pending = new Map<string, number>()
  private samples: number[] = []
  private recording = true

  sent(id: string, at: number): void {
    this.pending.set(id, at)
  }

  received(id: string, at: number): void {
    const sentAt = this.pending.get(id)
    if (sentAt === undefined) return
    this.pending.delete(id)
    if (this.recording) this.samples.push(at - sentAt)
  }

  /** Starts a new measurement window: earlier samples are dropped, earlier sends still count as pending. */
  reset(): void {
    this.samples = []
    this.recording = true
  }

  /** Messages written before `before` (performance.now()) that no peer has seen. */
  lostBefore(before: number): number {
    let lost = 0
    for (const at of this.pending.values()) if (at < before) lost++
    return lost
  }

  /** Forgets pending messages (after they were counted as lost). */
  clearPending(): void {
    this.pending.clear()
  }

  summary(): LatencySummary {
    return summarize(this.samples)
  }
}
