// Sends messages at a fixed total rate, round-robin over the senders, for a bounded time. One
// timer drives every sender, so the number of timers does not grow with the number of clients.

import type { Sender } from './chats.ts'

export interface RateResult {
  sent: number
  /** Sends refused because the sender's socket was closed. */
  refused: number
}

/** Sends `ratePerSecond` messages per second for `durationMs`; resolves when the time is up. */
export function sendAtRate(senders: Sender[], ratePerSecond: number, durationMs: number, tickMs = 4): Promise<RateResult> {
  return new Promise((resolve) => {
    if (senders.length === 0 || ratePerSecond <= 0) {
      setTimeout(() => resolve({ sent: 0, refused: 0 }), durationMs)
      return
    }
    const started = performance.now()
    let sent = 0
    let refused = 0
    let cursor = Math.floor(Math.random() * senders.length)
    const tick = () => {
      const elapsed = Math.min(performance.now() - started, durationMs)
      const due = Math.floor((elapsed / 1000) * ratePerSecond)
      for (; sent + refused < due; cursor = (cursor + 1) % senders.length) {
        if (senders[cursor]!.sendMessage()) sent++
        else refused++
      }
      if (elapsed >= durationMs) resolve({ sent, refused })
      else setTimeout(tick, tickMs)
    }
    tick()
  })
}
