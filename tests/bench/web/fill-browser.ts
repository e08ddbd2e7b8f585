// Fills a browser's IndexedDB through the real app: Alice signs in, opens every chat of Chat
// Home once (so y-indexeddb keeps each document), and then what IndexedDB holds is read back
// and counted with Yjs in Node. It measures nothing.

import * as Y from 'yjs'
import { readMessages } from '@parley/chat-model'
import type { Page } from 'playwright-core'
import { Person } from '../../e2e/support/person.ts'
import { waitFor } from '../../support/wait.ts'

export interface Stored {
  /** Chat documents kept in IndexedDB, each loaded into a Y.Doc in Node. */
  chats: number
  messages: number
  /** Bytes of the chat documents' stored updates. */
  bytes: number
}

/** Signs Alice in on `page` (at the relay's address) and opens each of her `chats` chats once. */
export async function openEveryChat(page: Page, chats: number): Promise<void> {
  const alice = new Person('alice', page)
  await page.goto('/')
  await alice.signIn('alice@acme.test')
  await alice.go('Chat Home')
  await waitFor(async () => (await alice.panel.getByRole('button', { name: /^Open chat with / }).count()) === chats, `Chat Home to list ${chats} chats`, 30_000)
  for (let i = 0; i < chats; i++) {
    const name = ((await alice.panel.getByRole('button', { name: /^Open chat with / }).nth(i).getAttribute('aria-label')) ?? '').replace(/^Open chat with /, '')
    await alice.panel.getByRole('button', { name: `Open chat with ${name}`, exact: true }).click()
    await alice.chatWindow(name).waitFor()
    await waitFor(async () => (await alice.messages()).length > 0, `the chat with ${name} to show its messages`)
    await alice.go('Chat Home')
  }
}

/** Reads every chat document this page's origin keeps in IndexedDB and counts its messages in Node. */
export async function storedChats(page: Page): Promise<Stored> {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  const dumps = await page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => /:chat\//u.test(n))
    return Promise.all(
      names.map(
        (name) =>
          new Promise<number[][]>((resolve, reject) => {
            const open = indexedDB.open(name)
            open.onerror = () => reject(open.error)
            open.onsuccess = () => {
              const db = open.result
              const all = db.transaction('updates').objectStore('updates').getAll()
              all.onerror = () => reject(all.error)
              all.onsuccess = () => {
                db.close()
                resolve((all.result as Uint8Array[]).map((u) => Array.from(u)))
              }
            }
          }),
      ),
    )
  })
  let messages = 0
  let bytes = 0
  for (const updates of dumps) {
    const doc = new Y.Doc()
    for (const update of updates) {
      bytes += update.length
      Y.applyUpdate(doc, Uint8Array.from(update))
    }
    messages += readMessages(doc).length
  }
  return { chats: dumps.length, messages, bytes }
}
