// A team of fifty at work: Alice has 40 chats with colleagues of a 44-person organization, with
// messages over the last days. Chat Home keeps every control in reach on a desktop and a phone,
// a new message shows on the icon, the tab title and the row, and times read as people expect.

import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { useE2E } from './support/browser.ts'
import type { Person } from './support/person.ts'
import { ARABIC_TEXT, TEAM_CHATS, seedTeamAccounts, seedTeamChats, type SeededChat } from './support/team.ts'

const poll = { timeout: 10_000 }

/** Boxes of every Chat Home row's controls that stick out of the panel, and the page's sideways overflow. */
const layoutProblems = (page: Page) =>
  page.evaluate(() => {
    const panel = document.querySelector('.panel')!.getBoundingClientRect()
    const out: string[] = []
    for (const row of document.querySelectorAll('.panel .row')) {
      for (const el of row.querySelectorAll('button, time, .unread-count, .row-name')) {
        const box = el.getBoundingClientRect()
        if (box.left < panel.left - 0.5 || box.right > panel.right + 0.5) out.push(`${el.className || el.tagName}: ${Math.round(box.left)}–${Math.round(box.right)} outside ${Math.round(panel.left)}–${Math.round(panel.right)}`)
      }
    }
    const body = document.scrollingElement!
    if (body.scrollWidth > body.clientWidth) out.push(`the page scrolls sideways: ${body.scrollWidth} > ${body.clientWidth}`)
    const list = document.querySelector('.panel-body')!
    if (list.scrollWidth > list.clientWidth) out.push(`the panel scrolls sideways: ${list.scrollWidth} > ${list.clientWidth}`)
    return out
  })

describe('a team of 44 with 40 chats', { timeout: 120_000 }, () => {
  const e2e = useE2E({ prepareData: seedTeamAccounts })
  let chats: SeededChat[]
  let alice: Person

  beforeAll(async () => {
    ;({ chats } = await seedTeamChats(e2e.relay().url))
    alice = await e2e.signIn('alice@acme.test', 'Alice Adams')
  }, 120_000)

  it('keeps every Chat Home row’s controls inside the panel on a desktop and a phone', async () => {
    for (const viewport of [
      { width: 1280, height: 860 },
      { width: 390, height: 844 },
    ]) {
      await alice.page.setViewportSize(viewport)
      await alice.go('Chat Home')
      await expect.poll(() => alice.list('Open chats').getByRole('listitem').count(), poll).toBe(TEAM_CHATS)
      expect(await layoutProblems(alice.page), `at ${viewport.width}×${viewport.height}`).toEqual([])
    }
    await alice.page.setViewportSize({ width: 1280, height: 860 })
  })

  it('lays out Arabic right to left and shows a message from days ago under its day with its time', async () => {
    const dave = chats[2]!
    await alice.homeRow(dave.other.name).getByRole('button', { name: `Open chat with ${dave.other.name}` }).click()
    const arabic = alice.panel.locator('.message-text', { hasText: ARABIC_TEXT })
    await arabic.waitFor()
    expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl')
    const dividers = await alice.panel.locator('.day-divider').allTextContents()
    expect(dividers.length).toBeGreaterThan(1)
    const times = await alice.panel.locator('.message time').allTextContents()
    for (const time of times) expect(time).toMatch(/\d{1,2}:\d{2}/u)
  })
})
