// Browser notifications: permission is only ever asked from a click, and a person whose tab is
// hidden gets "Someone wants to Chat!" as a notification when a chat is started with them.

import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { useE2E } from './support/browser.ts'

const poll = { timeout: 10_000 }

/** Records notifications and permission requests; lets the test hide the tab. */
const watchNotifications = (grant: boolean) => async (context: BrowserContext) => {
  if (grant) await context.grantPermissions(['notifications'])
  await context.addInitScript(() => {
    const w = window as unknown as { __notes: string[]; __asked: number; __hidden: boolean; Notification: typeof Notification }
    w.__notes = []
    w.__asked = 0
    w.__hidden = false
    const Real = window.Notification
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options)
        w.__notes.push(`${title} | ${options?.body ?? ''}`)
      }
    }
    Object.defineProperty(Recorded, 'permission', { get: () => Real.permission })
    Object.defineProperty(Recorded, 'requestPermission', {
      value: () => {
        w.__asked++
        return Real.requestPermission()
      },
    })
    w.Notification = Recorded
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (w.__hidden ? 'hidden' : 'visible') })
  })
}

const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __notes: string[] }).__notes)
const asked = (page: Page) => page.evaluate(() => (window as unknown as { __asked: number }).__asked)
const hide = (page: Page) =>
  page.evaluate(() => {
    ;(window as unknown as { __hidden: boolean }).__hidden = true
    document.dispatchEvent(new Event('visibilitychange'))
  })

describe('browser notifications', { timeout: 60_000 }, () => {
  const e2e = useE2E()

  it('asks for permission only when the person clicks, and notifies a hidden tab of a new chat', async () => {
    const [alice, bob] = await Promise.all([
      e2e.signIn('alice@acme.test', 'Alice Adams', watchNotifications(false)),
      e2e.signIn('bob@acme.test', 'Bob Brown', watchNotifications(true)),
    ])
    expect(await asked(alice.page)).toBe(0)
    await alice.page.getByRole('button', { name: 'Turn on chat notifications' }).click()
    await expect.poll(() => asked(alice.page), poll).toBe(1)
    expect(await asked(bob.page)).toBe(0)

    await hide(bob.page)
    await alice.startChatWith('Bob Brown')
    await expect.poll(() => recorded(bob.page), poll).toEqual(['Someone wants to Chat! | Alice Adams started a chat with you.'])

    await alice.send('Ping')
    await expect.poll(async () => (await recorded(bob.page)).at(-1), poll).toBe('Alice Adams wrote | Ping')
    expect(await recorded(alice.page)).toEqual([]) // her tab is visible
  })
})
