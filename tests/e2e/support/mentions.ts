// The @mention list and mention links as a person sees them, found by role and name, and the
// means to feed the relay hostile records (its import command) and forged messages (a Node Yjs
// client writing the chat document directly, as any client may).

import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Locator, Page } from 'playwright-core'
import type { Person } from './person.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

/** The list under the "@query" in a person's message field. */
export const mentionList = (person: Person): Locator => person.panel.getByRole('listbox', { name: 'Records to mention' })

/** What an option shows: a record's label and its number (a colleague's says "Colleague"); its second line (company, title or email) is left out here. */
export interface Shown {
  label: string
  number: string
}

/** The option of the list that shows `record`, or whose text contains a string. */
export const option = (person: Person, record: Shown | string): Locator =>
  typeof record === 'string'
    ? mentionList(person).getByRole('option').filter({ hasText: record })
    : mentionList(person)
        .getByRole('option')
        .filter({ has: person.page.locator('.mention-option-label').getByText(record.label, { exact: true }) })
        .filter({ has: person.page.locator('.mention-option-number').getByText(record.number, { exact: true }) })

/** An option's label and number, as `Shown` has them. */
export const shownOf = async (option: Locator): Promise<string> =>
  `${await option.locator('.mention-option-label').textContent()}${await option.locator('.mention-option-number').textContent()}`

/** The option the arrows are on. */
export const activeOption = (person: Person): Locator => mentionList(person).locator('[role="option"][aria-selected="true"]')

/** Presses `key` until the active option shows `record`; fails after `limit` presses. */
export async function arrowTo(person: Person, record: Shown, key: 'ArrowDown' | 'ArrowUp' = 'ArrowDown', limit = 10) {
  await option(person, record).waitFor()
  for (let i = 0; i < limit; i++) {
    if ((await shownOf(activeOption(person))) === `${record.label}${record.number}`) return
    await person.page.keyboard.press(key)
  }
  throw new Error(`${key} never reached "${record.label}"; active: ${await activeOption(person).textContent()}`)
}

/** The links in the open chat's messages. */
export const messageLinks = (person: Person): Locator => person.panel.getByRole('list', { name: 'Messages, newest first' }).getByRole('link')

/** The host page (the shell's main region, behind the panel). */
export const hostPage = (person: Person): Locator => person.page.getByRole('main')

export const pathOf = (page: Page) => new URL(page.url()).pathname

/** Every dialog (alert, confirm, prompt) a page opens, dismissed at once. */
export function recordDialogs(page: Page): string[] {
  const dialogs: string[] = []
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss()
  })
  return dialogs
}

/** Imports records into an organization with `npm run parley -- records import` on a data folder. */
export async function importRecords(dataDir: string, org: string, records: unknown[]): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-records-'))
  const file = path.join(dir, 'records.json')
  fs.writeFileSync(file, JSON.stringify(records))
  try {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'parley', '--', 'records', 'import', '--org', org, file], {
      cwd: root,
      env: { ...process.env, PARLEY_DATA_DIR: dataDir, PARLEY_LOG_LEVEL: 'warn' },
    })
    return stdout
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Signs in over HTTP, for a Node client of the relay: the bearer token and the user's id. */
export async function apiLogin(relayUrl: string, email: string): Promise<{ token: string; userId: string }> {
  const res = await fetch(`${relayUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'parley' }) })
  if (!res.ok) throw new Error(`login ${email}: ${res.status}`)
  const body = (await res.json()) as { token: string; user: { id: string } }
  return { token: body.token, userId: body.user.id }
}

/** The id of the caller's most recent chat with `otherName` (GET /api/chats). */
export async function chatIdWith(relayUrl: string, token: string, otherName: string): Promise<string> {
  const res = await fetch(`${relayUrl}/api/chats`, { headers: { authorization: `Bearer ${token}` } })
  const { chats } = (await res.json()) as { chats: Array<{ id: string; with: Array<{ name: string }> }> }
  const chat = chats.find((c) => c.with.some((w) => w.name === otherName))
  if (!chat) throw new Error(`no chat with ${otherName}`)
  return chat.id
}
