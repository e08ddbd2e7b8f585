// Parley's event-loop delay over a measured window, from its own metrics: the relay's
// `parley_event_loop_delay_seconds` covers the time since the previous scrape (each scrape
// resets it), so a scrape at the window's start clears it and one at its end reads the window.
// Other arms, and a Parley before the metric existed, read as NaN (shown as "–").

import type { ArmId } from '../lib/arms.ts'

export interface LoopDelay {
  /** 99th percentile of how late a 1 ms timer fired on the relay's thread, ms. */
  p99Ms: number
  maxMs: number
}

const NONE: LoopDelay = { p99Ms: NaN, maxMs: NaN }

/** Reads the relay's event-loop delay since the previous call; NaN for an arm without it. */
export async function scrapeLoopDelay(arm: ArmId, port: number): Promise<LoopDelay> {
  if (arm !== 'parley' && arm !== 'parley-before') return NONE
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`)
    if (!res.ok) return NONE
    const text = await res.text()
    const quantile = (q: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`parley_event_loop_delay_seconds{quantile="${q}"}`))
      return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) * 1000 : NaN
    }
    return { p99Ms: quantile('0.99'), maxMs: quantile('1') }
  } catch {
    return NONE
  }
}
