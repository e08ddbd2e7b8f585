// The app's presence room asks for compact presence (docs/protocol.md): the relay sends Bob no
// renewal of Alice's unchanged state, only an empty awareness message in answer to each of his
// own renewals, and his app keeps showing her online past y-protocols' 30 s timeout on one socket
// that never reconnects.

import { describe, expect, it } from 'vitest'
import type { WebSocket } from 'playwright-core'
import { waitFor } from '../support/wait.ts'
import { useE2E } from './support/browser.ts'

/** y-protocols drops a remote state not renewed for 30 s, checking every 3 s. */
const AWARENESS_TIMEOUT_MS = 30_000
const KEEPALIVE = '1,1,0'

describe('compact presence in the browser', { timeout: 120_000 }, () => {
  const e2e = useE2E()

  it('keeps Alice online for Bob past the awareness timeout on one socket that gets no renewals', async () => {
    const sockets: WebSocket[] = []
    const frames: string[] = []
    const bob = await e2e.signIn('bob@acme.test', 'Bob Brown', async (context) => {
      context.on('page', (page) =>
        page.on('websocket', (socket) => {
          if (!socket.url().includes('/sync/presence/')) return
          sockets.push(socket)
          socket.on('framereceived', ({ payload }) => frames.push(typeof payload === 'string' ? payload : [...payload].join(',')))
        }),
      )
    })
    const alice = await e2e.signIn('alice@acme.test', 'Alice Adams')
    expect(sockets.map((s) => new URL(s.url()).searchParams.get('presence'))).toEqual(['compact'])
    await bob.go('Start a chat')
    await bob.row('Online', 'Alice Adams').waitFor()
    await alice.go('Start a chat')
    await alice.row('Online', 'Bob Brown').waitFor()

    const since = Date.now()
    const from = frames.length
    await bob.page.evaluate(() => {
      const samples: boolean[] = []
      ;(window as unknown as { __samples: boolean[] }).__samples = samples
      setInterval(() => {
        const list = document.querySelector('[aria-label="Online"]')
        samples.push(!!list && [...list.querySelectorAll('li')].some((li) => li.textContent?.includes('Alice Adams')))
      }, 100)
    })
    const keepalives = () => frames.slice(from).filter((f) => f === KEEPALIVE).length
    // Both have renewed at least once, and y-protocols' timeout has passed since Bob last heard of Alice.
    await waitFor(() => keepalives() >= 2 && Date.now() - since > AWARENESS_TIMEOUT_MS + 5000, 'the awareness timeout to pass', 90_000)

    const samples = await bob.page.evaluate(() => (window as unknown as { __samples: boolean[] }).__samples.splice(0))
    expect(samples.length).toBeGreaterThan(100)
    expect(samples.every(Boolean)).toBe(true)
    expect(frames.slice(from).filter((f) => f !== KEEPALIVE)).toEqual([])
    expect(sockets).toHaveLength(1)
    await alice.row('Online', 'Bob Brown').waitFor()
  })
})
