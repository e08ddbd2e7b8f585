// The web app on two relays, in Chromium: Alice's page is served by relay A and Bob's by relay B.
// She sees him online and starts a chat; his icon flashes and "Someone wants to Chat!" names her;
// he opens it, and they write both ways. (Build the web app first: npm run build -w @parley/web.)

import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../e2e/support/browser.ts'
import { Person } from '../e2e/support/person.ts'
import type { ClusterRelay } from './support/cluster.ts'
import { useCluster } from './support/use-cluster.ts'

const poll = { timeout: 10_000 }
const fx = useCluster({ relays: 2 })
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()))
  await browser?.close()
})

/** A new browser context on `relay`'s origin, signed in through the form. */
async function signIn(relay: ClusterRelay, email: string, label: string): Promise<Person> {
  const context = await browser.newContext({ baseURL: relay.url, viewport: { width: 1280, height: 820 } })
  context.setDefaultTimeout(10_000)
  contexts.push(context)
  const page = await context.newPage()
  page.on('pageerror', (error) => console.warn(`[${label}] page error: ${error.message}`))
  const person = new Person(label, page)
  await page.goto('/')
  await person.signIn(email)
  return person
}

describe('Alice’s page on relay A, Bob’s on relay B', { timeout: 60_000 }, () => {
  let alice: Person
  let bob: Person

  it('shows each the other online', async () => {
    ;[alice, bob] = await Promise.all([signIn(fx.relay('A'), 'alice@acme.test', 'alice'), signIn(fx.relay('B'), 'bob@acme.test', 'bob')])
    await alice.go('Start a chat')
    await alice.row('Online', 'Bob Brown').getByRole('button', { name: 'Chat', exact: true }).waitFor()
    await bob.go('Start a chat')
    await bob.row('Online', 'Alice Adams').getByRole('button', { name: 'Chat', exact: true }).waitFor()
  })

  it('alerts Bob on B when Alice on A starts a chat, and carries messages both ways', async () => {
    await alice.startChatWith('Bob Brown')
    await alice.send('Hi Bob, this is relay A speaking')

    await expect.poll(() => bob.isCalling(), poll).toBe(true)
    await bob.alert.waitFor()
    await bob.alert.getByText('Alice Adams').waitFor()
    await bob.alert.getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await bob.chatWindow('Alice Adams').waitFor()
    await expect.poll(() => bob.messages(), poll).toEqual(['Hi Bob, this is relay A speaking'])

    await bob.reply('Hi Bob, this is relay A speaking', 'Hi Alice, relay B here')
    await alice.reply('Hi Alice, relay B here', 'Both relays, one chat')
    const expected = ['Both relays, one chat', 'Hi Alice, relay B here', 'Hi Bob, this is relay A speaking']
    await expect.poll(() => alice.messages(), poll).toEqual(expected)
    await expect.poll(() => bob.messages(), poll).toEqual(expected)
  })
})
