// Keyboard only, end to end: reach the chat icon, open the panel, start a chat, write, close the
// panel with Escape and land back on the icon. Incoming messages reach a polite live region.

import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { useE2E } from './support/browser.ts'
import type { Person } from './support/person.ts'

const poll = { timeout: 10_000 }

/** The accessible name (roughly) of the focused element. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement
    return el ? (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() : ''
  })

/** Presses Tab until the focused element's name matches; fails after a full lap of the page. */
async function tabTo(page: Page, name: RegExp, limit = 40) {
  for (let i = 0; i < limit; i++) {
    if (name.test(await focused(page))) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${name}; last focus: ${await focused(page)}`)
}

describe('keyboard only', { timeout: 60_000 }, () => {
  const e2e = useE2E()
  let alice: Person
  let bob: Person

  it('signs in from the keyboard', async () => {
    alice = await e2e.open('alice')
    await alice.page.getByLabel('Email').focus()
    await alice.page.keyboard.type('alice@acme.test')
    await alice.page.keyboard.press('Tab')
    await alice.page.keyboard.type('parley')
    await alice.page.keyboard.press('Enter')
    await alice.chatIcon.waitFor()
    bob = await e2e.signIn('bob@acme.test', 'Bob Brown')
  })

  it('opens the panel from the chat icon with the focus inside it, and starts a chat', async () => {
    const page = alice.page
    await tabTo(page, /^Chats, \d+ open$/u)
    await page.keyboard.press('Enter')
    await alice.panel.waitFor()
    await expect.poll(() => focused(page), poll).toBe('Chat Home')

    await tabTo(page, /^Start a chat$/u)
    await page.keyboard.press('Enter')
    await alice.row('Online', 'Bob Brown').waitFor()
    await tabTo(page, /^Chat$/u)
    await page.keyboard.press('Enter')
    await alice.chatWindow('Bob Brown').waitFor()
    await expect.poll(() => alice.messageField.evaluate((el) => el === document.activeElement), poll).toBe(true)

    await page.keyboard.type('Typed without a mouse')
    await page.keyboard.press('Enter')
    await expect.poll(() => alice.messages(), poll).toEqual(['Typed without a mouse'])
  })

  it('closes the panel with Escape and returns the focus to the chat icon', async () => {
    await alice.page.keyboard.press('Escape')
    await alice.panel.waitFor({ state: 'detached' })
    await expect.poll(() => focused(alice.page), poll).toMatch(/^Chats, 1 open$/u)
  })

  it('announces incoming messages in a polite live region', async () => {
    const live = bob.page.locator('[aria-live="polite"]')
    await bob.alert.getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await alice.page.keyboard.press('Enter')
    await alice.messageField.waitFor()
    await alice.page.keyboard.type('Are you there?')
    await alice.page.keyboard.press('Enter')
    await expect.poll(() => live.textContent(), poll).toBe('New message from Alice Adams: Are you there?')
  })
})
