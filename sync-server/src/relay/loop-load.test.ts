// The loop's load as group commit reads it: busy after a window spent running, quiet otherwise.

import { describe, expect, it, vi } from 'vitest'
import { createLoopLoad } from './loop-load.ts'

const spin = (ms: number) => {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // the event loop is running, not waiting
  }
}

describe('loop load', () => {
  it('reads quiet before a window has passed, busy after a window spent running', () => {
    const busy = createLoopLoad({ windowMs: 20, threshold: 0.5 })
    expect(busy()).toBe(false)
    spin(30)
    expect(busy()).toBe(true)
  })

  it('reads quiet after a window in which the loop waited for timers', async () => {
    const busy = createLoopLoad({ windowMs: 20, threshold: 0.5 })
    spin(30)
    expect(busy()).toBe(true)
    // The loop idles between the polls: the next window reads quiet.
    await vi.waitFor(() => expect(busy()).toBe(false), { timeout: 2000, interval: 5 })
  })
})
