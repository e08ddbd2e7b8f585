// Presence does not flap in the browser: when Alice's network drops for a moment, Bob keeps
// seeing her online the whole time (her app closes its silent sockets but never says goodbye, and
// the relay holds her presence for its grace period); when it stays down past the grace period,
// Bob sees her offline, and online again once she is back.

import { describe, expect, it } from 'vitest'
import { useE2E } from './support/browser.ts'
import type { Person } from './support/person.ts'

const GRACE_MS = 4000

/** Starts sampling, in Bob's page, whether Alice is in his "Online" list; returns the reader. */
async function watchOnline(bob: Person, name: string) {
  await bob.page.evaluate((who) => {
    const samples: boolean[] = []
    ;(window as unknown as { __samples: boolean[] }).__samples = samples
    setInterval(() => {
      const list = document.querySelector('[aria-label="Online"]')
      samples.push(!!list && [...list.querySelectorAll('li')].some((li) => li.textContent?.includes(who)))
    }, 25)
  }, name)
  return () => bob.page.evaluate(() => (window as unknown as { __samples: boolean[] }).__samples.splice(0))
}

describe('presence across a dropped network', { timeout: 60_000 }, () => {
  const e2e = useE2E({ relayEnv: { PARLEY_PRESENCE_GRACE_MS: String(GRACE_MS) } })
  let alice: Person
  let bob: Person
  let samples: () => Promise<boolean[]>

  it('keeps Alice online for Bob through a short drop of her network', async () => {
    ;[alice, bob] = await Promise.all([e2e.signIn('alice@acme.test', 'Alice Adams'), e2e.signIn('bob@acme.test', 'Bob Brown')])
    await bob.go('Start a chat')
    await bob.row('Online', 'Alice Adams').waitFor()
    samples = await watchOnline(bob, 'Alice Adams')

    await alice.setOffline(true)
    await expect.poll(() => alice.connectionText()).toBe('Offline')
    await new Promise((resolve) => setTimeout(resolve, 1000)) // the drop itself: a second without network
    await alice.setOffline(false)
    await expect.poll(() => alice.connectionText(), { timeout: 10_000 }).toBe('Online')
    const seen = await samples()
    expect(seen.length).toBeGreaterThan(20)
    expect(seen.every(Boolean)).toBe(true)
  })

  it('shows her offline once the drop outlasts the grace period, and online when she is back', async () => {
    const droppedAt = Date.now()
    await alice.setOffline(true)
    await bob.row('Offline', 'Alice Adams').waitFor({ timeout: GRACE_MS * 4 })
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(GRACE_MS * 0.9)
    await alice.setOffline(false)
    await bob.row('Online', 'Alice Adams').waitFor({ timeout: 10_000 })
  })
})
