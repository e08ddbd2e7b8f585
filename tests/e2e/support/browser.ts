// Chromium for the browser tests (Debian's package; tests/setup/prepare.mjs installs it) and a
// harness that gives each test file one browser, a context per person, and a screenshot of
// every person's page when a test fails (into tests/e2e/screenshots/, which git ignores).

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { Person } from './person.ts'
import { removeDataDir, startRelayProcess, type RelayProcess } from '../../support/relay-process.ts'
import { tempDir } from '../../support/relay.ts'

const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots')

export const launchChromium = () =>
  chromium.launch({
    executablePath: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })

export interface E2E {
  relay(): RelayProcess
  /** Opens a new browser context (a new "device") for someone; not signed in yet. */
  open(label: string, prepare?: Prepare): Promise<Person>
  /** Opens a context and signs in with email and password through the form. */
  signIn(email: string, name: string, prepare?: Prepare): Promise<Person>
  /** Opens the app in another tab of the same browser context (same person, same cookie). */
  secondTab(person: Person): Promise<Person>
  /** Ends the relay process: `stop` lets it finish its work (SIGTERM), `kill` does not (SIGKILL). */
  stopRelay(how: 'stop' | 'kill'): Promise<void>
  /** Starts the relay again on the same data folder and port. */
  startRelay(): Promise<void>
}

/** Runs on a new context before its page loads (to route or throttle its traffic, say). */
export type Prepare = (context: BrowserContext) => Promise<void>

/**
 * Call at the top of a test file: starts a relay and Chromium for the file and closes both at
 * the end. People stay signed in across the file's tests, which run in order as one story.
 * `relayEnv` adds PARLEY_* settings for this file's relay (kept across `startRelay`);
 * `prepareData` writes into the relay's data folder before the relay first opens it.
 */
export function useE2E(options: { relayEnv?: Record<string, string>; prepareData?: (dataDir: string) => Promise<void> } = {}): E2E {
  const env = options.relayEnv ?? {}
  let relay: RelayProcess | undefined
  let browser: Browser | undefined
  const people: Person[] = []
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    const dataDir = tempDir()
    const starting = (options.prepareData?.(dataDir) ?? Promise.resolve()).then(() => startRelayProcess({ dataDir, env }))
    ;[relay, browser] = await Promise.all([starting, launchChromium()])
  })
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return
    fs.mkdirSync(SCREENSHOTS, { recursive: true })
    const test = context.task.name.replace(/[^a-z0-9]+/giu, '-').slice(0, 80)
    const file = path.basename(context.task.file.name, '.test.ts')
    await Promise.all(
      people.map((person) =>
        person.page.screenshot({ path: path.join(SCREENSHOTS, `${file}--${test}--${person.label}.png`) }).catch((error: unknown) => {
          console.warn(`no screenshot of ${person.label}: ${String(error)}`)
        }),
      ),
    )
  })
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()))
    await browser?.close()
    await relay?.stop()
    if (relay) removeDataDir(relay.dataDir)
  })

  const open = async (label: string, prepare?: Prepare) => {
    if (!browser || !relay) throw new Error('useE2E(): the relay or the browser did not start')
    const context = await browser.newContext({ baseURL: relay.url, viewport: { width: 1280, height: 820 } })
    context.setDefaultTimeout(10_000)
    contexts.push(context)
    await prepare?.(context)
    return visit(label, await context.newPage())
  }
  const visit = async (label: string, page: Page) => {
    page.on('pageerror', (error) => console.warn(`[${label}] page error: ${error.message}`))
    const person = new Person(label, page)
    people.push(person)
    await page.goto('/')
    return person
  }

  return {
    relay: () => {
      if (!relay) throw new Error('useE2E(): the relay did not start')
      return relay
    },
    open,
    async secondTab(person) {
      const tab = await visit(`${person.label}-tab-2`, await person.page.context().newPage())
      await tab.chatIcon.waitFor()
      return tab
    },
    async stopRelay(how) {
      if (!relay) throw new Error('useE2E(): the relay did not start')
      await relay[how]()
    },
    async startRelay() {
      if (!relay) throw new Error('useE2E(): the relay did not start')
      relay = await startRelayProcess({ dataDir: relay.dataDir, port: relay.port, env })
    },
    async signIn(email, name, prepare) {
      const person = await open(name.split(' ')[0]!.toLowerCase(), prepare)
      await person.signIn(email)
      return person
    },
  }
}
