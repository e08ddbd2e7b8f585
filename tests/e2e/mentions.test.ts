// @mentions end to end, with the demo records of Acme Recruiting: Alice types "@" and part of a
// name or a number, picks a record from the list with the keyboard (or the mouse), sends; Bob
// sees a link, and clicking it opens the record's page in the host shell with the chat panel as
// it was. Then the hostile cases: HTML and javascript: URLs in message text, in record labels
// (imported with the relay's own command) and in mentions forged by a client that writes the
// Yjs document directly, must all render as inert text, with no dialog and no script run.

import { beforeAll, describe, expect, it } from 'vitest'
import { appendMessage } from '@parley/chat-model'
import { demoRecords } from '../../sync-server/src/seed/demo-records.ts'
import { closedWith, connectClient } from '../support/yclient.ts'
import { useE2E } from './support/browser.ts'
import {
  activeOption,
  apiLogin,
  arrowTo,
  chatIdWith,
  hostPage,
  importRecords,
  mentionList,
  messageLinks,
  option,
  pathOf,
  recordDialogs,
  shownOf,
} from './support/mentions.ts'
import type { Person } from './support/person.ts'

const poll = { timeout: 10_000 }
const ACME = demoRecords(0)
const demo = (number: string) => {
  const record = ACME.find((r) => r.number === number)
  if (!record) throw new Error(`${number} is not an Acme demo record`)
  return record
}

// Two candidates share the first name, so picking one takes the arrows.
const IVAN = demo('CAN-311') // Ivan Hansen, listed after Ivan Chowdhury
const JOB = demo('JOB-1003')

const PWN = (what: string) => `window.__pwned='${what}';alert('${what}')`
const HOSTILE_CANDIDATE = { type: 'candidate', id: 'h1', number: 'CAN-9901', label: `<img src=x onerror="${PWN('img-label')}">Eve Hacker` }
const HOSTILE_COMPANY = {
  type: 'company',
  id: 'h2',
  number: 'COM-9902',
  label: `<script>${PWN('script-label')}</script> javascript:${PWN('url-label')}`,
  fields: { Website: `javascript:${PWN('field')}`, Notes: `<b onmouseover="${PWN('b')}">bold</b><script>${PWN('script-field')}</script>` },
}
const HOSTILE_TEXT = ` <img src=x onerror="${PWN('img-text')}"> <script>${PWN('script-text')}</script> javascript:${PWN('url-text')} <a href="javascript:${PWN('a-text')}">x</a>`

/** Nothing hostile ran in this page: no dialog, no global set by a payload. */
async function expectInert(person: Person, dialogs: string[]) {
  expect(dialogs).toEqual([])
  expect(await person.page.evaluate(() => (window as { __pwned?: unknown }).__pwned ?? null)).toBeNull()
  const hrefs = await person.page.$$eval('a[href]', (links) => links.map((a) => a.getAttribute('href') ?? ''))
  for (const href of hrefs) expect(href, 'a rendered link').toMatch(/^(\/(?!\/)|https?:\/\/)/u)
}

describe('@mentions', { timeout: 90_000 }, () => {
  const e2e = useE2E()
  let alice: Person
  let bob: Person
  let aliceDialogs: string[]
  let bobDialogs: string[]

  beforeAll(async () => {
    const summary = await importRecords(e2e.relay().dataDir, 'Acme Recruiting', [HOSTILE_CANDIDATE, HOSTILE_COMPANY])
    expect(summary).toContain('2 imported')
    ;[alice, bob] = await Promise.all([e2e.signIn('alice@acme.test', 'Alice Adams'), e2e.signIn('bob@acme.test', 'Bob Brown')])
    aliceDialogs = recordDialogs(alice.page)
    bobDialogs = recordDialogs(bob.page)
    await alice.startChatWith('Bob Brown')
    await alice.send('Morning Bob, two things.')
    await bob.alert.getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await bob.chatWindow('Alice Adams').waitFor()
  })

  it('mentions a candidate by part of the name, picked with the keyboard, and opens its page from the link', async () => {
    await alice.messageField.click()
    await alice.page.keyboard.type('Please call @ivan')
    await option(alice, 'Ivan Chowdhury').waitFor()
    expect(await shownOf(option(alice, IVAN))).toBe(`${IVAN.label}${IVAN.number}`)
    // Two candidates of one name differ by number and by a second line (issue 12).
    expect(await option(alice, IVAN).locator('.mention-option-detail').count()).toBe(1)
    // The field points at the option the arrows are on, as the combobox pattern has it.
    const listId = await mentionList(alice).getAttribute('id')
    expect(await alice.messageField.getAttribute('aria-controls')).toBe(listId)
    await arrowTo(alice, IVAN)
    expect(await alice.messageField.getAttribute('aria-activedescendant')).toBe(await activeOption(alice).getAttribute('id'))
    await alice.page.keyboard.press('Enter')

    await mentionList(alice).waitFor({ state: 'detached' })
    expect(await alice.messageField.inputValue()).toBe(`Please call ${IVAN.label} `)
    // Shown in the draft as one unit.
    expect(await alice.panel.locator('mark').allTextContents()).toEqual([IVAN.label])
    await alice.page.keyboard.type('today.')
    await alice.page.keyboard.press('Enter')

    const link = messageLinks(bob).filter({ hasText: IVAN.label })
    await link.waitFor()
    expect(await link.getAttribute('href')).toBe(`/records/candidate/${IVAN.id}`)
    await expect.poll(async () => (await bob.messages())[0], poll).toBe(`Please call ${IVAN.label} today.`)

    await link.click()
    await hostPage(bob).getByRole('heading', { level: 1, name: IVAN.label }).waitFor()
    expect(pathOf(bob.page)).toBe(`/records/candidate/${IVAN.id}`)
    expect(await hostPage(bob).getByText(IVAN.number, { exact: true }).count()).toBe(1)
    // The chat panel is as it was: same chat, same messages, no page load.
    expect(await bob.chatWindow('Alice Adams').isVisible()).toBe(true)
    expect((await bob.messages())[0]).toBe(`Please call ${IVAN.label} today.`)

    // Back goes back to the dashboard, still without a page load.
    await bob.page.goBack()
    await hostPage(bob).getByRole('heading', { level: 1, name: /^Welcome back/u }).waitFor()
    expect(await bob.chatWindow('Alice Adams').isVisible()).toBe(true)
  })

  it('mentions a job by number ("@JOB-10"), picked with Tab', async () => {
    await alice.page.keyboard.type('And @JOB-10')
    await option(alice, 'JOB-1001').waitFor()
    await arrowTo(alice, JOB)
    await alice.page.keyboard.press('Tab')
    await mentionList(alice).waitFor({ state: 'detached' })
    expect(await alice.messageField.inputValue()).toBe(`And ${JOB.label} `)
    await alice.page.keyboard.press('Enter')

    const link = messageLinks(bob).filter({ hasText: JOB.label })
    await link.click()
    await hostPage(bob).getByRole('heading', { level: 1, name: JOB.label }).waitFor()
    expect(pathOf(bob.page)).toBe(`/records/job/${JOB.id}`)
    for (const [name, value] of Object.entries(JOB.fields)) {
      expect(await hostPage(bob).getByRole('definition').filter({ hasText: value }).count(), name).toBeGreaterThan(0)
    }
    // The top bar's Dashboard link comes back in place, too.
    await bob.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click()
    await hostPage(bob).getByRole('heading', { level: 1, name: /^Welcome back/u }).waitFor()
    expect(pathOf(bob.page)).toBe('/')
    expect(await bob.chatWindow('Alice Adams').isVisible()).toBe(true)
  })

  it('closes only the list with Escape, removes a mention whole with Backspace, and picks with the mouse', async () => {
    await alice.page.keyboard.type('Call @ivan h')
    await option(alice, IVAN).waitFor()
    await alice.page.keyboard.press('Escape')
    await mentionList(alice).waitFor({ state: 'detached' })
    expect(await alice.panel.isVisible()).toBe(true)
    // Typing on after Escape does not bring the list back for that "@".
    await alice.page.keyboard.type('a')
    expect(await mentionList(alice).count()).toBe(0)

    await alice.messageField.fill('')
    await alice.page.keyboard.type('Call @ivan h')
    await arrowTo(alice, IVAN)
    await alice.page.keyboard.press('Tab')
    expect(await alice.messageField.inputValue()).toBe(`Call ${IVAN.label} `)
    await alice.page.keyboard.press('Backspace') // the space after it
    await alice.page.keyboard.press('Backspace') // the mention, whole
    expect(await alice.messageField.inputValue()).toBe('Call ')
    expect(await alice.panel.locator('mark').count()).toBe(0)

    await alice.page.keyboard.type('@bob')
    await option(alice, { label: 'Bob Brown', number: 'Colleague' }).click()
    expect(await alice.messageField.inputValue()).toBe('Call Bob Brown ')
    expect(await alice.messageField.evaluate((el) => el === document.activeElement)).toBe(true)
    await alice.page.keyboard.press('Enter')

    // A colleague is mentioned the same way and links to their page.
    const link = messageLinks(bob).filter({ hasText: 'Bob Brown' })
    expect(await link.getAttribute('href')).toMatch(/^\/people\/[A-Za-z0-9_-]+$/u)
    await link.click()
    await hostPage(bob).getByRole('heading', { level: 1, name: 'Bob Brown' }).waitFor()
    expect(pathOf(bob.page)).toMatch(/^\/people\//u)
    expect(await hostPage(bob).getByText('bob@acme.test').count()).toBe(1)

    // Escape with no list open still hides the panel, as it always did.
    await alice.page.keyboard.press('Escape')
    await alice.panel.waitFor({ state: 'detached' })
    await alice.openPanel()
    await alice.chatWindow('Bob Brown').waitFor()
  })

  it('lists only the records this device has seen while offline, and says so', async () => {
    await alice.page.context().setOffline(true)
    try {
      await alice.messageField.click()
      await alice.page.keyboard.type('@ivan')
      await option(alice, IVAN).waitFor()
      await alice.panel.getByText('Offline: only records seen on this device are listed.').waitFor()
      // Never seen here: not listed.
      expect(await option(alice, 'Julia Jansen').count()).toBe(0)
      await alice.messageField.fill('')
      // The organization's people are always known.
      await alice.page.keyboard.type('@caro')
      await option(alice, { label: 'Carol Clark', number: 'Colleague' }).waitFor()
      await alice.messageField.fill('')
    } finally {
      await alice.page.context().setOffline(false)
    }
  })

  it('renders HTML and javascript: URLs in message text and record labels as inert text', async () => {
    await alice.messageField.click()
    await alice.page.keyboard.type('Hostile @COM-9902')
    // The label is shown as text in the list too.
    await arrowTo(alice, HOSTILE_COMPANY)
    await alice.page.keyboard.press('Enter')
    await alice.page.keyboard.type('and @eve hack')
    await arrowTo(alice, HOSTILE_CANDIDATE)
    await alice.page.keyboard.press('Enter')
    await alice.page.keyboard.type(HOSTILE_TEXT.trimStart())
    await alice.page.keyboard.press('Enter')

    const expected = `Hostile ${HOSTILE_COMPANY.label} and ${HOSTILE_CANDIDATE.label} ${HOSTILE_TEXT.trimStart()}`
    await expect.poll(async () => (await bob.messages())[0], poll).toBe(expected)
    const messages = bob.panel.getByRole('list', { name: 'Messages, newest first' })
    expect(await messages.locator('img, script, b').count()).toBe(0)
    const company = messageLinks(bob).filter({ hasText: HOSTILE_COMPANY.label })
    expect(await company.getAttribute('href')).toBe('/records/company/h2')
    expect(await messageLinks(bob).filter({ hasText: 'Eve Hacker' }).getAttribute('href')).toBe('/records/candidate/h1')

    await company.click()
    await hostPage(bob).getByRole('heading', { level: 1, name: HOSTILE_COMPANY.label }).waitFor()
    expect(await hostPage(bob).getByText(HOSTILE_COMPANY.fields.Notes, { exact: true }).count()).toBe(1)
    expect(await hostPage(bob).locator('img, script, b').count()).toBe(0)
    await messageLinks(bob).filter({ hasText: 'Eve Hacker' }).click()
    await hostPage(bob).getByRole('heading', { level: 1, name: HOSTILE_CANDIDATE.label }).waitFor()

    await expectInert(alice, aliceDialogs)
    await expectInert(bob, bobDialogs)
  })

  it('never links a forged mention to a javascript: address', async () => {
    const relay = e2e.relay()
    const syncUrl = `${relay.url.replace(/^http/u, 'ws')}/sync`
    const forger = await apiLogin(relay.url, 'alice@acme.test')
    const chatId = await chatIdWith(relay.url, forger.token, 'Bob Brown')

    // A mention carrying its own address is not the contract: the relay refuses the write.
    const refused = connectClient(syncUrl, `chat/${chatId}`, forger.token)
    await refused.synced()
    const smuggled = { start: 0, end: 5, type: 'job', id: JOB.id, label: 'Click', url: `javascript:${PWN('smuggled-url')}` }
    appendMessage(refused.doc, { id: 'forged-url-0001', author: forger.userId, text: 'Click me', at: Date.now(), mentions: [smuggled as never] })
    expect(await closedWith(refused)).toBe(4403)
    refused.destroy()

    // What the contract allows is a type and an id: whatever they hold, the link stays a path here.
    const forged = connectClient(syncUrl, `chat/${chatId}`, forger.token)
    await forged.synced()
    const evil = `javascript:${PWN('id')}`
    const text = `Forged ${evil} end`
    appendMessage(forged.doc, {
      id: 'forged-id-00001',
      author: forger.userId,
      text,
      at: Date.now(),
      mentions: [
        { start: 7, end: 7 + evil.length, type: 'job', id: evil, label: `<img src=x onerror="${PWN('img-forged')}">` },
        // Overlaps the first: shown as plain text.
        { start: 9, end: 14, type: 'company', id: 'h2', label: 'overlap' },
      ],
    })
    await expect.poll(async () => (await bob.messages())[0], poll).toBe(text)
    expect(await bob.messages()).not.toContain('Click me')
    forged.destroy()

    const link = messageLinks(bob).filter({ hasText: evil })
    expect(await link.getAttribute('href')).toBe(`/records/job/${encodeURIComponent(evil)}`)
    await link.click()
    await hostPage(bob).getByRole('heading', { level: 1, name: 'Record not found' }).waitFor()

    // An address this device kept for a record (say, from a rogue host CRM) is checked again:
    // Bob's cache says JOB-1002 lives at javascript:…, and the link still goes to its page here.
    const poisoned = demo('JOB-1002')
    await bob.page.evaluate(
      ({ record, url }) => {
        const key = Object.keys(localStorage).find((k) => k.startsWith('parley:records:'))
        if (!key) throw new Error('no record cache for Bob')
        localStorage.setItem(key, JSON.stringify([{ type: 'job', id: record.id, number: record.number, label: record.label, url, at: Date.now(), picked: true }]))
      },
      { record: { id: poisoned.id, number: poisoned.number, label: poisoned.label }, url: `javascript:${PWN('cached-url')}` },
    )
    await bob.page.reload()
    // A record page's address opens that page directly.
    await hostPage(bob).getByRole('heading', { level: 1, name: 'Record not found' }).waitFor()
    await bob.go('Chat Home')
    await bob.homeRow('Alice Adams').getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await alice.page.keyboard.type('@JOB-1002')
    await option(alice, poisoned).waitFor()
    await alice.page.keyboard.press('Enter')
    await alice.page.keyboard.press('Enter')
    const cachedLink = messageLinks(bob).filter({ hasText: poisoned.label })
    await cachedLink.waitFor()
    expect(await cachedLink.getAttribute('href')).toBe(`/records/job/${poisoned.id}`)
    await cachedLink.click()
    await hostPage(bob).getByRole('heading', { level: 1, name: poisoned.label }).waitFor()

    await expectInert(alice, aliceDialogs)
    await expectInert(bob, bobDialogs)
  })
})
