// What the busy-team tests look at beyond roles and names: where a row's controls lie, the drafts
// kept in IndexedDB, and a colleague starting a chat from a stock Yjs client.

import type { Page } from 'playwright-core'
import { chatRoom } from '@parley/protocol'
import { newChatDoc, say } from '../../support/chat.ts'
import { waitFor } from '../../support/wait.ts'
import { connectClient } from '../../support/yclient.ts'
import type { Person } from './person.ts'

/** A colleague's stock Yjs client starts a chat with `person` and says hello. */
export async function startChatFromNode(relayUrl: string, email: string, person: Person) {
  const res = await fetch(`${relayUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'parley' }) })
  const { token, user } = (await res.json()) as { token: string; user: { id: string } }
  const meId = await person.page.evaluate(async () => ((await (await fetch('/api/me')).json()) as { user: { id: string } }).user.id)
  const { doc, chatId } = newChatDoc(user.id, meId)
  say(doc, user.id, 'Hi! Got a minute?')
  const client = connectClient(relayUrl.replace(/^http/u, 'ws') + '/sync', chatRoom(chatId), token, { doc })
  try {
    await client.synced()
    await waitFor(() => !client.provider.ws?.bufferedAmount, 'the new chat to be sent')
  } finally {
    client.destroy()
  }
}

/** The drafts this device keeps in IndexedDB (the person's key-value store), by chat. */
export const keptDrafts = (page: Page) =>
  page.evaluate(async () => {
    const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => n.endsWith('local'))
    if (!name) return {}
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name)
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error)
    })
    try {
      return await new Promise<Record<string, { text: string }>>((resolve, reject) => {
        const get = db.transaction('kv').objectStore('kv').get('drafts')
        get.onsuccess = () => resolve((get.result as Record<string, { text: string }> | undefined) ?? {})
        get.onerror = () => reject(get.error)
      })
    } finally {
      db.close()
    }
  })
export const keptTexts = async (page: Page) => Object.values(await keptDrafts(page)).map((d) => d.text)

/** Boxes of every Chat Home row's controls that stick out of the panel, and the page's sideways overflow. */
export const layoutProblems = (page: Page) =>
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
