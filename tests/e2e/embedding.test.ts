// Parley embedded in a host application, as docs/embedding.md says, in Chromium: the example
// host CRM (apps/host-crm) on http://127.0.0.2 and the relay on http://127.0.0.1, two sites.
// Ann and Ben sign in to the CRM only; Parley's icon sits in the CRM's top bar; they chat; the
// alert and the badge work; a mention link opens the record in the CRM's window; a reload with
// no network still shows the chat. And a page of an origin that is not allowed can neither
// frame Parley nor exchange messages with its panel.

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHostCrm, type RunningHostCrm } from '../../apps/host-crm/host-crm.mjs'
import { removeDataDir, startRelayProcess, type RelayProcess } from '../support/relay-process.ts'
import { launchChromium } from './support/browser.ts'
import { HostUser, launchProfile } from './support/host-user.ts'

const SECRET = 'northwind-shares-this-secret-with-parley'
const RECORDS_TOKEN = 'records-token-of-the-northwind-crm'
const ISSUER = 'northwind-crm'
const ADMIN_KEY = 'northwind-admin-key-for-provisioning-parley'
const poll = { timeout: 15_000 }

let relay: RelayProcess
let crm: RunningHostCrm
let browser: Browser
const closers: (() => Promise<void>)[] = []

beforeAll(async () => {
  crm = await startHostCrm({ host: '127.0.0.2', port: 0, parleyUrl: () => relay.url, issuer: ISSUER, secret: SECRET, recordsToken: RECORDS_TOKEN })
  ;[relay, browser] = await Promise.all([
    startRelayProcess({
      env: {
        PARLEY_DEMO: '0',
        PARLEY_ALLOWED_ORIGINS: crm.url,
        PARLEY_HOST_JWT_ISSUER: ISSUER,
        PARLEY_HOST_JWT_SECRET: SECRET,
        PARLEY_RECORDS_URL: `${crm.url}/parley/records`,
        PARLEY_RECORDS_TOKEN: RECORDS_TOKEN,
        PARLEY_ADMIN_API_KEY: ADMIN_KEY,
      },
    }),
    launchChromium(),
  ])
}, 60_000)
afterAll(async () => {
  await Promise.all(closers.map((close) => close()))
  await browser?.close()
  await relay?.stop()
  if (relay) removeDataDir(relay.dataDir)
  await crm?.close()
})

/** Every WebSocket the panels opened, by address (the frame's included). */
const socketUrls: string[] = []

/** A person's own browser (see launchProfile). */
const openProfile = async (label: string) => {
  const profile = await launchProfile()
  closers.push(profile.close)
  const page = profile.context.pages()[0] ?? (await profile.context.newPage())
  page.on('websocket', (socket) => socketUrls.push(socket.url()))
  return new HostUser(label, page)
}

/** A context of the shared browser, with Chromium's defaults (third-party storage blocked). */
const openContext = async () => {
  const context = await browser.newContext()
  closers.push(() => context.close())
  return context.newPage()
}

let ann: HostUser, ben: HostUser

describe('Parley in a host CRM on another site', { timeout: 120_000 }, () => {
  it('shows the chat icon in the CRM\'s top bar for people who signed in to the CRM only', async () => {
    ;[ann, ben] = await Promise.all([openProfile('ann'), openProfile('ben')])
    for (const [person, email] of [[ann, 'ann@northwind.test'], [ben, 'ben@northwind.test']] as const) {
      await person.page.goto(crm.url)
      await person.signIn(email)
      await expect.poll(() => person.chatIcon.getAttribute('aria-label'), poll).toBe('Chats, 0 open')
      // Among the CRM's own icons, in its own bar.
      expect(await person.page.locator('header.bar .icons parley-chat').count()).toBe(1)
      expect(new URL(person.page.url()).origin).toBe(crm.url)
    }
    expect(new URL((await ann.page.locator('parley-chat iframe').getAttribute('src'))!).origin).toBe(relay.url)
  })

  it('lets Ann start a chat with Ben: his icon flashes, the alert and the badge show it', async () => {
    await ann.go('Start a chat')
    const row = ann.panel.getByRole('list', { name: 'Online', exact: true }).getByRole('listitem').filter({ hasText: 'Ben Baker' })
    await row.getByRole('button', { name: 'Chat', exact: true }).click()
    await ann.panel.getByRole('heading', { name: 'Ben Baker', exact: true }).waitFor()
    await ann.messageField.fill('Hi Ben, about the Brightwater job')
    await ann.messageField.press('Enter')
    await expect.poll(() => ann.openCount(), poll).toBe(1)

    await ben.alert.waitFor()
    expect(await ben.alert.textContent()).toContain('Ann Archer')
    await expect.poll(() => ben.isCalling(), poll).toBe(true)
    await expect.poll(() => ben.badge(), poll).toBe('1')

    const unread = ben.page.evaluate(
      () => new Promise<number>((resolve) => document.querySelector('parley-chat')!.addEventListener('parley-unread', (e) => resolve((e as CustomEvent<{ count: number }>).detail.count), { once: true })),
    )
    await ben.alert.getByRole('button', { name: 'Open chat with Ann Archer' }).click()
    await ben.panel.getByRole('heading', { name: 'Ann Archer', exact: true }).waitFor()
    await expect.poll(() => ben.messages(), poll).toEqual(['Hi Ben, about the Brightwater job'])
    await ben.alert.waitFor({ state: 'hidden' })
    await expect.poll(() => ben.isCalling(), poll).toBe(false)
    expect(await unread).toBe(0)
    // The frame gets no cookie, and its session token never travels in a URL: each socket opens
    // with a single-use ticket.
    const relaySockets = socketUrls.filter((url) => url.includes('/sync/'))
    expect(relaySockets.length).toBeGreaterThan(0)
    expect(relaySockets.filter((url) => !new URL(url).searchParams.has('ticket') || new URL(url).searchParams.has('token'))).toEqual([])
  })

  it('opens a mentioned record in the CRM\'s window, not in the frame', async () => {
    await ben.messageField.click()
    await ben.messageField.pressSequentially('See @JOB-1042')
    const option = ben.panel.getByRole('listbox', { name: 'Records to mention' }).getByRole('option').filter({ hasText: 'QA Engineer at Brightwater' })
    await option.click()
    await ben.messageField.press('Enter')

    const link = ann.panel.getByRole('link', { name: /QA Engineer at Brightwater/ })
    await link.waitFor()
    const opened = ann.page.evaluate(
      () => new Promise<unknown>((resolve) => document.querySelector('parley-chat')!.addEventListener('parley-open-record', (e) => resolve((e as CustomEvent).detail), { once: true })),
    )
    await link.click()
    expect(await opened).toEqual({ url: `${crm.url}/records/job/1042`, type: 'job', id: '1042', label: 'QA Engineer at Brightwater' })
    await ann.page.waitForURL(`${crm.url}/records/job/1042`)
    await ann.page.getByRole('heading', { name: 'QA Engineer at Brightwater' }).waitFor()
    // The CRM's record page carries Parley's icon again, with the chat still open.
    await expect.poll(() => ann.openCount(), poll).toBe(1)
  })

  it('still shows the chat after a reload with no network', async () => {
    // Both service workers (the CRM's and Parley's, in its frame) keep what they need once active.
    await ann.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
    await ann.page.reload()
    await expect.poll(() => ann.openCount(), poll).toBe(1)
    const frame = ann.page.frames().find((f) => f.url().startsWith(`${relay.url}/embed/panel`))
    await frame!.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))

    await ann.page.context().setOffline(true)
    await ann.page.reload()
    await expect.poll(() => ann.openCount(), poll).toBe(1)
    await ann.go('Chat Home')
    await ann.panel.getByRole('button', { name: 'Open chat with Ben Baker' }).click()
    await expect.poll(async () => (await ann.messages()).includes('Hi Ben, about the Brightwater job'), poll).toBe(true)
    await ann.page.context().setOffline(false)
  })

  it('gets a new token from the CRM when Ann\'s Parley session ends, and carries on', async () => {
    // Ended on the relay's file, as the admin CLI would: the relay closes her sockets with 4401.
    const db = new Database(path.join(relay.dataDir, 'parley.db'))
    db.pragma('busy_timeout = 5000')
    const annId = (db.prepare(`SELECT user_id FROM host_users WHERE sub = 'u-ann'`).get() as { user_id: string }).user_id
    const sessionsOf = db.prepare('SELECT token_hash FROM sessions WHERE user_id = ?')
    const before = sessionsOf.all(annId).map((row) => (row as { token_hash: string }).token_hash)
    const tokenAsked = ann.page.waitForRequest(`${crm.url}/parley/token`)
    db.prepare('DELETE FROM sessions WHERE user_id = ?').run(annId)
    await tokenAsked
    await expect.poll(() => sessionsOf.all(annId).length, poll).toBe(1)
    expect(before).not.toContain((sessionsOf.get(annId) as { token_hash: string }).token_hash)
    db.close()
    await expect.poll(() => ann.openCount(), poll).toBe(1)
  })

  it('ends Ben\'s session when the CRM deactivates him: his panel asks for a new token and is refused; Ann sees that he has left', async () => {
    const res = await fetch(`${relay.url}/api/admin/orgs/northwind/users/u-ben`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}` } })
    expect(res.status).toBe(200)
    await ben.openPanel().catch(() => undefined)
    await ben.frame.getByText('Your Parley account was deactivated.').waitFor({ timeout: 15_000 })
    await expect.poll(() => ben.chatIcon.getAttribute('aria-label'), poll).toBe('Chats')

    await ann.go('Start a chat')
    await ann.panel.getByRole('heading', { name: 'Start a chat', exact: true }).waitFor()
    await expect.poll(() => ann.panel.getByText('Ben Baker').count(), poll).toBe(0)
    await ann.go('Chat Home')
    await ann.panel.getByRole('button', { name: 'Open chat with Ben Baker' }).click()
    await ann.panel.getByText('Has left').waitFor()
    expect(await ann.messages()).toContain('Hi Ben, about the Brightwater job')
  })
})

describe('a browser that blocks third-party storage (Chromium\'s default)', { timeout: 60_000 }, () => {
  it('still signs Cat in and lets her chat online, with the session in the frame\'s memory', async () => {
    const cat = new HostUser('cat', await openContext())
    await cat.page.goto(crm.url)
    await cat.signIn('cat@northwind.test')
    await expect.poll(() => cat.chatIcon.getAttribute('aria-label'), poll).toBe('Chats, 0 open')
    await cat.go('Start a chat')
    const row = cat.panel.getByRole('list', { name: 'Online', exact: true }).getByRole('listitem').filter({ hasText: 'Ann Archer' })
    await row.getByRole('button', { name: 'Chat', exact: true }).click()
    await cat.messageField.fill('Hello from Cat')
    await cat.messageField.press('Enter')
    // Cat is new to Ann's directory: it asks again and names her.
    await expect.poll(() => ann.alert.textContent(), poll).toContain('Cat Cole')
  })
})

describe('a page on an origin that is not allowed', { timeout: 60_000 }, () => {
  let foreign: http.Server
  let foreignUrl: string
  beforeAll(async () => {
    foreign = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end(`<!doctype html><title>Elsewhere</title><script>window.received = []; addEventListener('message', (e) => window.received.push(e.data))</script>`)
    })
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.3', resolve))
    foreignUrl = `http://127.0.0.3:${(foreign.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => foreign.close(() => resolve())))

  it('cannot frame Parley', async () => {
    const page = await openContext()
    await page.goto(foreignUrl)
    const blocked = page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 10_000 })
    await page.evaluate((src) => {
      const frame = document.createElement('iframe')
      frame.src = src
      document.body.append(frame)
    }, `${relay.url}/embed/panel?origin=${encodeURIComponent(foreignUrl)}`)
    await blocked
    const frame = page.frames().find((f) => f !== page.mainFrame())!
    expect(frame.url().startsWith(relay.url)).toBe(false)
    expect(await page.evaluate(() => (window as { received?: unknown[] }).received)).toEqual([])
  })

  it('cannot exchange messages with the panel when it opens it in a window of its own', async () => {
    const page = await openContext()
    await page.goto(foreignUrl)
    const popupOpened = page.waitForEvent('popup')
    await page.evaluate((src) => {
      ;(window as { panel?: Window | null }).panel = window.open(src)
    }, `${relay.url}/embed/panel?origin=${encodeURIComponent(foreignUrl)}`)
    const popup = await popupOpened
    const hostSessions: string[] = []
    popup.on('request', (request) => {
      if (request.url().includes('/api/sessions/host')) hostSessions.push(request.url())
    })
    await popup.getByText('only runs inside a page of your application').waitFor()
    // It posts what the element would; the panel neither answers nor uses the token.
    await page.evaluate(() => (window as { panel?: Window }).panel!.postMessage({ parley: 1, type: 'host-token', token: 'x.y.z' }, '*'))
    await page.evaluate(() => (window as { panel?: Window }).panel!.postMessage({ parley: 1, type: 'panel', open: true }, '*'))
    // The panel's listeners would have run by the time it answers a round trip of its own.
    await popup.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)))
    expect(hostSessions).toEqual([])
    expect(await page.evaluate(() => (window as { received?: unknown[] }).received)).toEqual([])
  })
})
