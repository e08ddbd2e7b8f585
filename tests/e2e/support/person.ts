// One person at their browser: the words they see and the buttons they press, found by role and
// accessible name (the seed's words) so that the tests read like the product does.

import type { Locator, Page } from 'playwright-core'
import { waitFor } from '../../support/wait.ts'

export type PanelView = 'Chat Home' | 'Start a chat' | 'Chat History'
/** 'People' is Start a chat's one list while this device is disconnected (presence unknown). */
export type PanelList = 'New chats' | 'Open chats' | 'Chat History' | 'Online' | 'Offline' | 'People'

export class Person {
  constructor(
    readonly label: string,
    readonly page: Page,
  ) {}

  async signIn(email: string, password = 'parley') {
    await this.page.getByLabel('Email').fill(email)
    await this.page.getByLabel('Password').fill(password)
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await this.chatIcon.waitFor()
  }

  /** The chat icon at the top right; its name says how many chats are open (and unread messages, if any). */
  get chatIcon(): Locator {
    return this.page.getByRole('button', { name: /^Chats, \d+ open(, \d+ unread)?$/ })
  }

  /** Unread messages the chat icon's mark counts (0 without a mark). */
  async unreadCount(): Promise<number> {
    const marked = await this.chatIcon.locator('.unread-mark').count()
    return marked === 0 ? 0 : Number(await this.chatIcon.getAttribute('data-unread'))
  }

  async openCount(): Promise<number> {
    const name = (await this.chatIcon.getAttribute('aria-label')) ?? ''
    return Number(/(\d+) open/u.exec(name)?.[1] ?? NaN)
  }

  /** True while the icon flashes green. */
  async isCalling(): Promise<boolean> {
    return (await this.chatIcon.getAttribute('data-calling')) === 'true'
  }

  get alert(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'Someone wants to Chat!' })
  }

  get panel(): Locator {
    return this.page.getByRole('dialog', { name: 'Parley chat' })
  }

  async openPanel() {
    if (!(await this.panel.isVisible())) await this.chatIcon.click()
    await this.panel.waitFor()
  }

  async go(view: PanelView) {
    await this.openPanel()
    await this.panel.getByRole('navigation', { name: 'Chat' }).getByRole('button', { name: view, exact: true }).click()
    await this.panel.getByRole('heading', { name: view, exact: true }).waitFor()
  }

  list(name: PanelList): Locator {
    return this.panel.getByRole('list', { name, exact: true })
  }

  row(list: PanelList, personName: string): Locator {
    return this.list(list).getByRole('listitem').filter({ hasText: personName })
  }

  /** A chat in Chat Home, whether it is listed under New (unread) or Open. */
  homeRow(personName: string): Locator {
    return this.row('New chats', personName).or(this.row('Open chats', personName))
  }

  /** Start a chat → the person's Chat (online) or Message (offline) button. */
  async startChatWith(personName: string, how: 'Chat' | 'Message' = 'Chat') {
    await this.go('Start a chat')
    const row = how === 'Chat' ? this.row('Online', personName) : this.row('Offline', personName).or(this.row('People', personName))
    await row.getByRole('button', { name: how, exact: true }).click()
    await this.chatWindow(personName).waitFor()
  }

  /** The chat window's heading with the other person's name. */
  chatWindow(personName: string): Locator {
    return this.panel.getByRole('heading', { name: personName, exact: true })
  }

  get messageField(): Locator {
    return this.panel.getByRole('textbox', { name: 'Message' })
  }

  async send(text: string) {
    await this.messageField.fill(text)
    await this.messageField.press('Enter')
  }

  /**
   * Waits until `seen` is the newest message on this person's screen, then sends `text`. Messages
   * sent before they reach the other side are concurrent: both sides agree on their order, but
   * that order is not the order of the clocks on the wall (docs/protocol.md), so a test that wants
   * a fixed order must reply to what the person has seen, as people do.
   */
  async reply(seen: string, text: string) {
    await waitFor(async () => (await this.messages())[0] === seen, `${this.label} to see "${seen}" as the newest message`)
    await this.send(text)
  }

  /** The message texts in the open chat window, top to bottom (newest first). */
  async messages(): Promise<string[]> {
    const list = this.panel.getByRole('list', { name: 'Messages, newest first' })
    if ((await list.count()) === 0) return []
    return list.locator('.message-text').allTextContents()
  }

  typing(personName: string): Locator {
    return this.panel.getByText(`${personName} is typing…`, { exact: true })
  }

  button(name: string): Locator {
    return this.panel.getByRole('button', { name, exact: true })
  }

  /** The open chat's messages, newest first, each with the words of its mark (mine only). */
  async marks(): Promise<Array<{ text: string; mark: string | null }>> {
    const list = this.panel.getByRole('list', { name: 'Messages, newest first' })
    if ((await list.count()) === 0) return []
    return list.locator('li.message').evaluateAll((items) =>
      items.map((item) => ({
        text: item.querySelector('.message-text')?.textContent ?? '',
        mark: item.querySelector('.mark .sr-only')?.textContent ?? null,
      })),
    )
  }

  /** The connection indicator in the top bar (a polite status): "Offline, 3 pending" and so on. */
  get connection(): Locator {
    return this.page.getByRole('banner').getByRole('status')
  }

  async connectionText(): Promise<string> {
    return ((await this.connection.textContent()) ?? '').replace(/\s+/gu, ' ').trim()
  }

  /** Cuts or restores this person's network (every tab of their browser context). */
  async setOffline(offline: boolean) {
    await this.page.context().setOffline(offline)
  }

  /** Resolves once the service worker that keeps the app shell is active. */
  async serviceWorkerReady() {
    await this.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
  }

  /** Reloads the page and waits for the app to be back (signed in). */
  async reload() {
    await this.page.reload()
    await this.chatIcon.waitFor()
  }
}
