// A team of fifty at work (issue 12): Alice has 40 chats with colleagues of a 44-person
// organization, with messages over the last days. Chat Home keeps every control in reach on a
// desktop and a phone; a new message shows on the icon, the tab title and the row; drafts, search,
// edits and deletions hold up offline; times, right-to-left text and long messages read well; and
// axe-core finds nothing on any page. One seeded relay and one story for the whole file.

import { beforeAll, describe, expect, it } from 'vitest'
import { axeViolations } from './support/axe.ts'
import { useE2E } from './support/browser.ts'
import type { Person } from './support/person.ts'
import { keptTexts, layoutProblems, startChatFromNode } from './support/team-page.ts'
import { ARABIC_TEXT, TEAM_CHATS, addColleagues, seedTeamAccounts, seedTeamChats, type SeededChat } from './support/team.ts'

const poll = { timeout: 10_000 }

describe('a team of 44 with 40 chats', { timeout: 120_000 }, () => {
  const e2e = useE2E({ prepareData: seedTeamAccounts })
  let chats: SeededChat[]
  let alice: Person
  const people: { bob?: Person } = {}

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

  it('puts the panel’s tabs first and a row’s open before its close in the keyboard order', async () => {
    const focused = () => alice.page.evaluate(() => (document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '').trim())
    await alice.go('Chat Home')
    await alice.panel.getByRole('heading', { name: 'Chat Home' }).focus()
    await alice.page.keyboard.press('Shift+Tab')
    expect(await focused()).toBe('Chat History')
    await alice.page.keyboard.press('Shift+Tab')
    expect(await focused()).toBe('Start a chat')
    const name = chats[0]!.other.name
    await alice.homeRow(name).getByRole('button', { name: `Open chat with ${name}` }).focus()
    await alice.page.keyboard.press('Tab')
    expect(await focused()).toBe(`Close chat with ${name}`)
  })

  it('shows a message in an open chat on the icon, the tab title and a bold row while the panel is closed, until it is read', async () => {
    const bob = await e2e.signIn('bob@acme.test', 'Bob Brown')
    await alice.page.keyboard.press('Escape')
    await alice.panel.waitFor({ state: 'hidden' })
    expect(await alice.unreadCount()).toBe(0)
    expect(await alice.page.title()).toBe('Parley')

    await bob.openPanel()
    await bob.homeRow('Alice Adams').getByRole('button', { name: 'Open chat with Alice Adams' }).click()
    await bob.send('Are you free at 3 for the Henderson debrief?')

    await expect.poll(() => alice.unreadCount(), poll).toBe(1)
    expect(await alice.chatIcon.evaluate((el) => el.classList.contains('flash-a') || el.classList.contains('flash-b'))).toBe(true)
    expect(await alice.page.title()).toBe('(1) Parley')
    await expect.poll(() => alice.page.getByRole('status').filter({ hasText: 'New message from' }).textContent(), poll).toBe('New message from Bob Brown: Are you free at 3 for the Henderson debrief?')
    await alice.openPanel()
    const row = alice.row('New chats', 'Bob Brown')
    expect(await row.evaluate((el) => Number(getComputedStyle(el.querySelector('.row-name')!).fontWeight))).toBeGreaterThanOrEqual(700)

    await row.getByRole('button', { name: 'Open chat with Bob Brown' }).click()
    await expect.poll(() => alice.unreadCount(), poll).toBe(0)
    await expect.poll(() => alice.page.title(), poll).toBe('Parley')
    await alice.go('Chat Home')
    expect(await alice.row('Open chats', 'Bob Brown').evaluate((el) => el.classList.contains('unread'))).toBe(false)
    people.bob = bob
  })

  it('edits and deletes my own message on both sides, offline too', async () => {
    const bob = people.bob!
    await alice.homeRow('Bob Brown').getByRole('button', { name: 'Open chat with Bob Brown' }).click()
    await alice.reply('Are you free at 3 for the Henderson debrief?', 'Yes, see you at 3pm in room B')
    const mine = alice.panel.locator('li.message', { hasText: 'see you at 3pm' })
    await expect.poll(() => bob.messages(), poll).toContain('Yes, see you at 3pm in room B')

    await mine.getByRole('button', { name: 'Edit message' }).click()
    await alice.panel.getByRole('textbox', { name: 'Edit message' }).fill('Yes, see you at 4pm in room B')
    await alice.panel.getByRole('textbox', { name: 'Edit message' }).press('Enter')
    await expect.poll(() => bob.messages(), poll).toContain('Yes, see you at 4pm in room B')
    expect(await bob.panel.locator('li.message', { hasText: '4pm' }).locator('.edited-mark').textContent()).toBe('edited')
    expect(await bob.messages()).not.toContain('Yes, see you at 3pm in room B')

    // Offline: the edit waits on Alice's device, then reaches Bob.
    await alice.setOffline(true)
    const edited = alice.panel.locator('li.message', { hasText: '4pm' })
    await edited.getByRole('button', { name: 'Edit message' }).click()
    await alice.panel.getByRole('textbox', { name: 'Edit message' }).fill('Yes, see you at 5pm in room B')
    await alice.panel.getByRole('button', { name: 'Save', exact: true }).click()
    await expect.poll(() => alice.messages(), poll).toContain('Yes, see you at 5pm in room B')
    expect(await bob.messages()).toContain('Yes, see you at 4pm in room B')
    await alice.setOffline(false)
    await expect.poll(() => bob.messages(), { timeout: 20_000 }).toContain('Yes, see you at 5pm in room B')

    alice.page.once('dialog', (dialog) => void dialog.accept())
    await alice.panel.locator('li.message', { hasText: '5pm' }).getByRole('button', { name: 'Delete message' }).click()
    await expect.poll(async () => (await bob.messages())[0], poll).toBe('Message deleted')
    expect(await bob.messages()).toContain('Are you free at 3 for the Henderson debrief?')
    expect(await bob.panel.locator('li.message').first().getByRole('button', { name: 'Edit message' }).count()).toBe(0)
  })

  it('converges when Alice edits one message on two devices while both are offline', async () => {
    const bob = people.bob!
    const phone = await e2e.signIn('alice@acme.test', 'Alice Adams')
    await alice.send('Contract draft v1 is in the shared folder')
    await phone.openPanel()
    await phone.homeRow('Bob Brown').getByRole('button', { name: 'Open chat with Bob Brown' }).click()
    await expect.poll(async () => (await phone.messages())[0], poll).toBe('Contract draft v1 is in the shared folder')
    const edit = async (device: Person, text: string) => {
      await device.panel.locator('li.message', { hasText: 'Contract draft' }).getByRole('button', { name: 'Edit message' }).click()
      await device.panel.getByRole('textbox', { name: 'Edit message' }).fill(text)
      await device.panel.getByRole('textbox', { name: 'Edit message' }).press('Enter')
      await expect.poll(async () => (await device.messages())[0], poll).toBe(text)
    }
    await Promise.all([alice.setOffline(true), phone.setOffline(true)])
    await edit(alice, 'Contract draft v2 (from the laptop)')
    await edit(phone, 'Contract draft v2 (from the phone)')
    await Promise.all([alice.setOffline(false), phone.setOffline(false)])
    for (const device of [alice, phone, bob]) {
      await expect.poll(async () => (await device.messages()).filter((t) => t.startsWith('Contract draft')), { timeout: 20_000 }).toEqual(['Contract draft v2 (from the phone)'])
    }
    await phone.page.close()
  })

  it('keeps a draft per chat through Escape, another chat and a reload, offline too', async () => {
    const [first, second] = [chats[5]!.other.name, chats[6]!.other.name]
    const openChat = async (name: string) => {
      await alice.go('Chat Home')
      await alice.homeRow(name).getByRole('button', { name: `Open chat with ${name}` }).click()
      await alice.chatWindow(name).waitFor()
    }
    await openChat(first)
    await alice.messageField.fill('Half a thought about the offer')
    await alice.page.keyboard.press('Escape')
    await alice.panel.waitFor({ state: 'hidden' })
    await openChat(second)
    expect(await alice.messageField.inputValue()).toBe('')
    await alice.go('Chat Home')
    expect(await alice.homeRow(first).locator('.row-preview').textContent()).toBe('Draft: Half a thought about the offer')
    await openChat(first)
    expect(await alice.messageField.inputValue()).toBe('Half a thought about the offer')

    await expect.poll(() => keptTexts(alice.page), poll).toEqual(['Half a thought about the offer'])
    await alice.serviceWorkerReady()
    await alice.setOffline(true)
    await alice.reload()
    await openChat(first)
    await expect.poll(() => alice.messageField.inputValue(), poll).toBe('Half a thought about the offer')
    await alice.messageField.fill('Half a thought about the offer, and the start date')
    // Typing reaches IndexedDB a moment later; a reload in the same millisecond is not a person's.
    await expect.poll(() => keptTexts(alice.page), poll).toEqual(['Half a thought about the offer, and the start date'])
    await alice.reload()
    await openChat(first)
    await expect.poll(() => alice.messageField.inputValue(), poll).toBe('Half a thought about the offer, and the start date')
    await alice.setOffline(false)
    await alice.messageField.press('Enter')
    await alice.go('Chat Home')
    await expect.poll(() => alice.homeRow(first).locator('.row-preview').textContent(), poll).toBe('You: Half a thought about the offer, and the start date')
  })

  it('finds a person as I type and a message by a word in it, online and offline', async () => {
    const people = () => alice.panel.getByRole('list', { name: /^(Online|Offline|People)$/u }).getByRole('listitem').allTextContents()
    await alice.go('Start a chat')
    const search = alice.panel.getByRole('searchbox', { name: 'Search people by name or email' })
    await search.pressSequentially('jose')
    await expect.poll(people, poll).toEqual([expect.stringContaining('José Álvarez')])
    await search.fill('FEATHERSTONE')
    await expect.poll(people, poll).toEqual([expect.stringContaining('Maximiliana Featherstonehaugh-Worthington de la Cruz')])

    // Someone who joins the organization now is listed without a reload.
    await addColleagues(e2e.relay().dataDir, [{ name: 'Zoë Newcomer', email: 'zoe@acme.test' }])
    await alice.go('Chat Home')
    await alice.go('Start a chat')
    await alice.panel.getByRole('searchbox', { name: 'Search people by name or email' }).fill('zoe new')
    await expect.poll(people, poll).toEqual([expect.stringContaining('Zoë Newcomer')])

    const messageSearch = async (words: string) => {
      await alice.go('Chat Home')
      await alice.panel.getByRole('searchbox', { name: 'Search messages' }).fill(words)
      return alice.panel.getByRole('list', { name: 'Messages found' }).getByRole('listitem')
    }
    const unopened = chats[20]!.other.name
    await expect.poll(async () => (await messageSearch('henderson DEBRIEF')).allTextContents(), poll).toEqual([expect.stringContaining('Bob Brown')])
    await expect.poll(async () => (await messageSearch('update 21: candidate')).allTextContents(), poll).toEqual([expect.stringContaining(unopened)])

    await alice.setOffline(true)
    await expect.poll(() => alice.connectionText(), poll).toMatch(/^Offline/u)
    await alice.go('Start a chat')
    await alice.panel.getByRole('searchbox', { name: 'Search people by name or email' }).fill('alvarez')
    await expect.poll(people, poll).toEqual([expect.stringContaining('José Álvarez')])
    const hits = await messageSearch('henderson')
    await expect.poll(() => hits.allTextContents(), poll).toEqual([expect.stringContaining('Are you free at 3 for the Henderson debrief?')])
    await hits.first().getByRole('button').click()
    await alice.chatWindow('Bob Brown').waitFor()
    await alice.panel.locator('li.message.found', { hasText: 'Henderson debrief' }).waitFor()
    await alice.setOffline(false)
  })

  it('lays out Arabic right to left and shows a message from days ago under its day with its time', async () => {
    const dave = chats[2]!
    await alice.go('Chat Home')
    await alice.homeRow(dave.other.name).getByRole('button', { name: `Open chat with ${dave.other.name}` }).click()
    const arabic = alice.panel.locator('.message-text', { hasText: ARABIC_TEXT })
    await arabic.waitFor()
    expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl')
    const dividers = await alice.panel.locator('.day-divider').allTextContents()
    expect(dividers.length).toBeGreaterThan(1)
    const times = await alice.panel.locator('.message time').allTextContents()
    for (const time of times) expect(time).toMatch(/\d{1,2}:\d{2}/u)
  })

  it('collapses a long message behind Show more', async () => {
    const carol = chats[1]!.other.name
    await alice.go('Chat Home')
    await alice.homeRow(carol).getByRole('button', { name: `Open chat with ${carol}` }).click()
    const long = alice.panel.locator('li.message', { hasText: 'Paragraph 40 of the quarterly' })
    const height = () => long.evaluate((el) => el.getBoundingClientRect().height)
    expect(await height()).toBeLessThan(320)
    await long.getByRole('button', { name: 'Show more' }).click()
    await expect.poll(height, poll).toBeGreaterThan(600)
    await long.getByRole('button', { name: 'Show less' }).click()
  })

  it('keeps "Someone wants to Chat!" off the panel’s tabs on a phone', async () => {
    await alice.page.setViewportSize({ width: 390, height: 844 })
    await alice.go('Chat Home')
    await startChatFromNode(e2e.relay().url, 'wanda@acme.test', alice)
    await alice.alert.waitFor()
    const [alert, tabs] = await Promise.all([alice.alert.boundingBox(), alice.panel.getByRole('navigation', { name: 'Chat' }).boundingBox()])
    expect(alert!.y).toBeGreaterThan(tabs!.y + tabs!.height)
    await alice.panel.getByRole('navigation', { name: 'Chat' }).getByRole('button', { name: 'Chat History' }).click()
    await alice.panel.getByRole('heading', { name: 'Chat History' }).waitFor()
    await alice.alert.getByRole('button', { name: 'Dismiss' }).click()
    await alice.page.setViewportSize({ width: 1280, height: 860 })
  })

  it('has no axe-core violation of any impact on the login page, Chat Home, Start a chat, Chat History, a chat window and a record page', async () => {
    const visitor = await e2e.open('visitor')
    await visitor.page.getByRole('button', { name: /Sign in as Alice Adams/u }).waitFor()
    const found: Record<string, string[]> = { login: await axeViolations(visitor.page) }
    await alice.go('Chat Home')
    await alice.panel.getByRole('searchbox', { name: 'Search messages' }).fill('')
    found['Chat Home'] = await axeViolations(alice.page)
    await alice.go('Start a chat')
    found['Start a chat'] = await axeViolations(alice.page)
    await alice.go('Chat History')
    found['Chat History'] = await axeViolations(alice.page)
    await alice.go('Chat Home')
    await alice.homeRow('Bob Brown').getByRole('button', { name: 'Open chat with Bob Brown' }).click()
    await alice.chatWindow('Bob Brown').waitFor()
    found['chat window'] = await axeViolations(alice.page)
    await alice.page.keyboard.press('Escape')
    await alice.page.goto(`/people/${chats[0]!.other.id}`)
    await alice.page.getByRole('heading', { name: 'Bob Brown', level: 1 }).waitFor()
    found['record page'] = await axeViolations(alice.page)
    expect(found).toEqual({ login: [], 'Chat Home': [], 'Start a chat': [], 'Chat History': [], 'chat window': [], 'record page': [] })
  })

  it('opens a record page seen before offline, and one never seen loads by itself once back online', async () => {
    const bob = chats[0]!.other
    const other = chats[7]!.other
    await alice.serviceWorkerReady()
    await alice.setOffline(true)
    await alice.page.goto(`/people/${bob.id}`)
    await alice.page.getByRole('heading', { name: bob.name, level: 1 }).waitFor()
    await alice.page.getByRole('note').filter({ hasText: 'copy saved on this device' }).waitFor()

    await alice.page.goto(`/people/${other.id}`)
    await alice.page.getByText('has not been opened on this device before').waitFor()
    await alice.setOffline(false)
    await alice.page.getByRole('heading', { name: other.name, level: 1 }).waitFor()
  })
})
