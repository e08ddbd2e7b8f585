// Whether the relay's event loop has been busy lately (its utilization over the last window):
// group commit (committer.ts) waits for more writes only then. At low load a wait saves nothing,
// since messages come further apart than the wait, and would only add latency.
// It does not smooth or predict: each window stands alone, and a quiet one resets it.

import { performance } from 'node:perf_hooks'

export interface LoopLoadOptions {
  /** Share of the window the loop spent running (0–1) from which it counts as busy. */
  threshold?: number
  /** Milliseconds between two readings of the loop's utilization. */
  windowMs?: number
}

/** Returns a function that tells whether the loop was busy over the last completed window. */
export function createLoopLoad(options: LoopLoadOptions = {}): () => boolean {
  const threshold = options.threshold ?? 0.5
  const windowMs = options.windowMs ?? 100
  let last = performance.eventLoopUtilization()
  let lastAt = performance.now()
  let busy = false
  return () => {
    const now = performance.now()
    if (now - lastAt >= windowMs) {
      const current = performance.eventLoopUtilization()
      busy = performance.eventLoopUtilization(current, last).utilization >= threshold
      last = current
      lastAt = now
    }
    return busy
  }
}
