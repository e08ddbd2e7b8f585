// A person of the example host CRM (apps/host-crm) at their browser: the CRM's own sign-in, and
// Parley as the host's page shows it, the icon and the alert of <parley-chat> (in its shadow
// root, which locators pierce) and the panel inside its frame on the relay's origin.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core'

/**
 * A browser of its own, with a profile that allows third-party cookies, as Chrome's own profiles
 * do by default: Chromium's default blocks them, and with them every cross-site frame's storage
 * (IndexedDB, the service worker), which the panel needs to open offline. Storage stays
 * partitioned by the top-level site either way.
 */
export async function launchProfile(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-profile-'))
  fs.mkdirSync(path.join(dir, 'Default'))
  fs.writeFileSync(path.join(dir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }))
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 860 },
  })
  context.setDefaultTimeout(10_000)
  return {
    context,
    async close() {
      await context.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export class HostUser {
  constructor(
    readonly label: string,
    readonly page: Page,
  ) {}

  async signIn(email: string, password = 'crm') {
    await this.page.getByLabel('Email').fill(email)
    await this.page.getByLabel('Password').fill(password)
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click()
  }

  get element(): Locator {
    return this.page.locator('parley-chat')
  }

  /** The chat icon in the host's top bar; its name says how many chats are open. */
  get chatIcon(): Locator {
    return this.element.getByRole('button', { name: /^Chats(, \d+ open)?$/ })
  }

  async openCount(): Promise<number> {
    return Number(/(\d+) open/u.exec((await this.chatIcon.getAttribute('aria-label')) ?? '')?.[1] ?? NaN)
  }

  async badge(): Promise<string | null> {
    const badge = this.element.locator('.badge')
    return (await badge.isVisible()) ? badge.textContent() : null
  }

  async isCalling(): Promise<boolean> {
    return (await this.chatIcon.getAttribute('data-calling')) === 'true'
  }

  get alert(): Locator {
    return this.element.getByRole('alert').filter({ hasText: 'Someone wants to Chat!' })
  }

  get frame(): FrameLocator {
    return this.page.frameLocator('parley-chat iframe')
  }

  get panel(): Locator {
    return this.frame.getByRole('dialog', { name: 'Parley chat' })
  }

  async openPanel() {
    if ((await this.chatIcon.getAttribute('aria-expanded')) !== 'true') await this.chatIcon.click()
    await this.panel.waitFor()
  }

  async go(view: 'Chat Home' | 'Start a chat' | 'Chat History') {
    await this.openPanel()
    await this.panel.getByRole('navigation', { name: 'Chat' }).getByRole('button', { name: view, exact: true }).click()
    await this.panel.getByRole('heading', { name: view, exact: true }).waitFor()
  }

  get messageField(): Locator {
    return this.panel.getByRole('textbox', { name: 'Message' })
  }

  async messages(): Promise<string[]> {
    return this.panel.getByRole('list', { name: 'Messages, newest first' }).locator('.message-text').allTextContents()
  }
}
