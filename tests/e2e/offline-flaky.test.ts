// A flaky link: Alice and Bob each send 50 messages as fast as they can type them while their
// networks are switched off and on every few hundred milliseconds (from a fixed seed, so a
// failure can be replayed). Afterwards both hold the same 100 messages, each once, in the same
// order, and nothing is left pending.

import { describe, expect, it } from 'vitest'
import { useE2E } from './support/browser.ts'
import { createPrng } from '../../sync-server/src/seed/prng.ts'
import type { Person } from './support/person.ts'

const SEED = Number(process.env.PARLEY_FLAKY_SEED ?? 20_251_124)
const COUNT = 50

/** Switches `person`'s network off and on, every 150–450 ms, until `until` settles. */
async function flap(person: Person, next: () => number, until: Promise<unknown>) {
  let done = false
  void until.finally(() => (done = true))
  let offline = false
  let switches = 0
  while (!done) {
    offline = !offline
    await person.setOffline(offline)
    switches++
    await new Promise((resolve) => setTimeout(resolve, 150 + next() * 300))
  }
  await person.setOffline(false)
  return switches
}

async function burst(person: Person, prefix: string) {
  for (let i = 1; i <= COUNT; i++) await person.send(`${prefix} ${i}`)
}

describe('a flaky link during a burst from both sides', { timeout: 120_000 }, () => {
  const e2e = useE2E()

  it(`ends with the same ${COUNT * 2} messages on both sides, each once, in the same order (seed ${SEED})`, async () => {
    const [alice, bob] = await Promise.all([e2e.signIn('alice@acme.test', 'Alice Adams'), e2e.signIn('bob@acme.test', 'Bob Brown')])
    await alice.startChatWith('Bob Brown')
    await alice.send('Ready?')
    await bob.alert.getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await expect.poll(() => bob.messages(), { timeout: 10_000 }).toEqual(['Ready?'])

    const sending = Promise.all([burst(alice, 'Alice'), burst(bob, 'Bob')])
    const next = createPrng(SEED).next
    const switches = await Promise.all([flap(alice, next, sending), flap(bob, next, sending), sending])
    expect(switches[0]).toBeGreaterThan(2) // the burst really ran through a flaky link

    const expected = new Set(['Ready?', ...['Alice', 'Bob'].flatMap((who) => Array.from({ length: COUNT }, (_, i) => `${who} ${i + 1}`))])
    await expect.poll(() => alice.messages().then((m) => m.length), { timeout: 30_000 }).toBe(expected.size)
    await expect.poll(() => bob.messages().then((m) => m.length), { timeout: 30_000 }).toBe(expected.size)
    const [seenByAlice, seenByBob] = await Promise.all([alice.messages(), bob.messages()])
    expect(seenByBob).toEqual(seenByAlice)
    expect(new Set(seenByAlice)).toEqual(expected) // each once: 101 entries, 101 distinct texts
    for (const who of ['Alice', 'Bob']) {
      const mine = seenByAlice.filter((text) => text.startsWith(`${who} `)).reverse()
      expect(mine).toEqual(Array.from({ length: COUNT }, (_, i) => `${who} ${i + 1}`)) // each side's own order kept
    }
    for (const person of [alice, bob]) {
      await expect.poll(() => person.connectionText(), { timeout: 15_000 }).toBe('Online')
      const marks = (await person.marks()).map((m) => m.mark).filter((mark) => mark !== null)
      expect(marks).toHaveLength(person === alice ? COUNT + 1 : COUNT)
      expect(marks.every((mark) => mark === 'Sent' || mark === 'Seen')).toBe(true)
    }
  })
})
