// The relay goes down while Alice is offline, and comes back: what it had stored is still there,
// the app opens from the service worker's copy while the relay cannot be reached at all, the
// indicator says it is reconnecting and when it tries next, and what Alice wrote meanwhile
// reaches Bob once, after what came before.

import { describe, expect, it } from 'vitest'
import { useE2E } from './support/browser.ts'
import type { Person } from './support/person.ts'

const poll = { timeout: 15_000 }

describe('the relay restarts while Alice is offline', { timeout: 120_000 }, () => {
  const e2e = useE2E()
  let alice: Person
  let bob: Person

  it('starts with a message the relay has stored', async () => {
    ;[alice, bob] = await Promise.all([e2e.signIn('alice@acme.test', 'Alice Adams'), e2e.signIn('bob@acme.test', 'Bob Brown')])
    await alice.startChatWith('Bob Brown')
    await alice.send('Stored before the restart')
    await expect.poll(() => alice.marks(), poll).toEqual([{ text: 'Stored before the restart', mark: 'Sent' }])
    await alice.serviceWorkerReady()
  })

  it('keeps Alice writing while she is offline and the relay is killed', async () => {
    await alice.setOffline(true)
    await alice.send('Written offline, one')
    await e2e.stopRelay('kill')
    await alice.send('Written offline, two')
    await expect.poll(() => alice.connectionText(), poll).toBe('Offline, 2 pending')
  })

  it('opens the app from the kept shell when the relay cannot be reached, and says it is reconnecting', async () => {
    await alice.setOffline(false)
    await expect.poll(() => alice.connectionText(), poll).toBe('Reconnecting, 2 pending')
    await expect.poll(() => alice.page.locator('.connection-retry').textContent(), poll).toMatch(/^ (now|in [1-3] s)$/u)
    // With a network but no relay, the page itself can only come from the service worker.
    await alice.reload()
    // The chat is not open on screen: the count comes from the outbox, which reopened it.
    await expect.poll(() => alice.connectionText(), poll).toBe('Reconnecting, 2 pending')
    await alice.go('Chat Home')
    await alice.homeRow('Bob Brown').waitFor()
  })

  it('loses nothing when the relay is back: Bob gets every message once, in order, without Alice opening the chat', async () => {
    await e2e.startRelay()
    await expect.poll(() => alice.connectionText(), poll).toBe('Online')
    await bob.alert.getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await expect.poll(() => bob.messages(), poll).toEqual(['Written offline, two', 'Written offline, one', 'Stored before the restart'])
    await alice.homeRow('Bob Brown').getByRole('button', { name: 'Open chat with Bob Brown' }).click()
    await expect.poll(() => alice.marks(), poll).toEqual([
      { text: 'Written offline, two', mark: 'Seen' },
      { text: 'Written offline, one', mark: 'Seen' },
      { text: 'Stored before the restart', mark: 'Seen' },
    ])
    await bob.send('All three arrived')
    await expect.poll(() => alice.messages(), poll).toEqual(['All three arrived', 'Written offline, two', 'Written offline, one', 'Stored before the restart'])
  })
})
