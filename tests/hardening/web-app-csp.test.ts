// Items 10 and 12 of the hardening issue, in a real Chromium: the web app runs under the relay's
// strict Content-Security-Policy with zero violations through signing in, opening a chat,
// sending a message and a mention and following the mention's link; and it never puts a
// credential in a WebSocket URL (the session cookie travels with the upgrade instead).

import type { BrowserContext } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { useE2E } from '../e2e/support/browser.ts'
import { messageLinks, option } from '../e2e/support/mentions.ts'
import type { Person } from '../e2e/support/person.ts'

interface Watch {
  violations: string[]
  cspConsole: string[]
  socketUrls: string[]
}

/** Listens from before the first page loads: CSP violation events, CSP console errors, socket URLs. */
const watch = (into: Watch) => async (context: BrowserContext) => {
  await context.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { __cspViolations: string[] }).__cspViolations = seen
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`))
  })
  context.on('console', (message) => {
    if (/content security policy/iu.test(message.text())) into.cspConsole.push(message.text())
  })
  context.on('page', (page) => page.on('websocket', (socket) => into.socketUrls.push(socket.url())))
}

const violationsIn = (person: Person) => person.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)

describe('the web app under the relay\'s security headers', { timeout: 90_000 }, () => {
  const e2e = useE2E()
  const seen: Watch = { violations: [], cspConsole: [], socketUrls: [] }
  let alice: Person
  let bob: Person

  beforeAll(async () => {
    ;[alice, bob] = await Promise.all([e2e.signIn('alice@acme.test', 'Alice Adams', watch(seen)), e2e.signIn('bob@acme.test', 'Bob Brown', watch(seen))])
  })

  it('is served with a strict CSP, nosniff and a frame policy', async () => {
    const page = await fetch(e2e.relay().url)
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("style-src 'self'")
    expect(csp).toContain("frame-ancestors 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  })

  it('signs in, chats and mentions with zero CSP violations', async () => {
    await alice.startChatWith('Bob Brown')
    await alice.send('Morning Bob, one thing.')
    await bob.alert.getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await bob.chatWindow('Alice Adams').waitFor()

    await alice.messageField.click()
    await alice.page.keyboard.type('Please call @ivan')
    await option(alice, 'Ivan Chowdhury').click()
    await alice.page.keyboard.type('today.')
    await alice.page.keyboard.press('Enter')
    const link = messageLinks(bob).filter({ hasText: 'Ivan Chowdhury' })
    await link.waitFor()
    await link.click()
    await bob.page.getByRole('main').getByRole('heading', { level: 1, name: 'Ivan Chowdhury' }).waitFor()

    for (const person of [alice, bob]) seen.violations.push(...(await violationsIn(person)))
    expect(seen.violations).toEqual([])
    expect(seen.cspConsole).toEqual([])
  })

  it('would see a violation if there were one (the watch works)', async () => {
    await bob.page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img alt="" src="https://example.invalid/x.png">'))
    await expect.poll(() => violationsIn(bob), { timeout: 10_000 }).toEqual([expect.stringMatching(/^img-src https:\/\/example\.invalid/u)])
  })

  it('opens every WebSocket without a credential in its URL', () => {
    expect(seen.socketUrls.length).toBeGreaterThan(0)
    for (const url of seen.socketUrls) {
      const params = new URL(url).searchParams
      expect({ url, token: params.get('token'), ticket: params.get('ticket') }).toEqual({ url, token: null, ticket: null })
    }
  })
})
