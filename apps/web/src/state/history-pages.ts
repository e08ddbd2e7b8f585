// The older messages of one chat, a history page at a time as the person scrolls towards them:
// from the relay when it answers, and from this device otherwise. Every page the relay sends is
// kept in the person's key-value store under the chat and the cursor that asked for it, so the
// pages seen before are there offline. One page is asked for at a time. It does not decide when
// to load: the view asks when its "older messages" marker comes into sight.

import { batch, createMemo, createSignal, type Accessor } from 'solid-js'
import { readHistoryPage } from '@parley/chat-model'
import type { PageMessage } from './conversation.ts'
import { historyApi, type HistoryPage } from './history-api.ts'
import type { LocalKv } from './local-kv.ts'

/** `more`: older pages to load; `done`: the chat's first message is shown (or it has no sealed epoch). */
export type OlderState = 'more' | 'loading' | 'error' | 'done'

export interface HistoryPages {
  /** Messages of the pages loaded so far, oldest first. */
  messages: Accessor<PageMessage[]>
  state: Accessor<OlderState>
  /** The relay's head with the last page it sent (0 before any). */
  head: Accessor<number>
  /** Loads the next older page, unless one is loading or none is left. */
  loadOlder(): Promise<void>
  /** Forgets the pages loaded so far (kept copies stay) and starts again from the newest. */
  restart(): void
}

const keyOf = (chatId: string, before: string | null) => `history/${chatId}/${before ?? 'newest'}`


/** The newest epoch of the newest page kept on this device for the chat, or null when none is kept. */
export async function keptNewestEpoch(kv: LocalKv, chatId: string): Promise<number | null> {
  const kept = readHistoryPage(await kv.get<unknown>(keyOf(chatId, null)).catch(() => undefined))
  return kept && kept.messages.length > 0 ? Math.max(...kept.messages.map((m) => m.epoch)) : null
}

/**
 * @param hasHistory whether the chat has sealed epochs as far as this device knows (head > 0).
 * @example const older = createHistoryPages(chatId, kv, () => head() > 0)
 */
export function createHistoryPages(chatId: string, kv: LocalKv, hasHistory: Accessor<boolean>): HistoryPages {
  // Newest page first; `next` is the cursor of the page to load, undefined before the first.
  const [pages, setPages] = createSignal<HistoryPage[]>([])
  const [busy, setBusy] = createSignal(false)
  const [failed, setFailed] = createSignal(false)
  const [head, setHead] = createSignal(0)
  let next: string | null | undefined
  let generation = 0

  const fetchPage = async (before: string | null): Promise<HistoryPage | null> => {
    const key = keyOf(chatId, before)
    try {
      const page = await historyApi.page(chatId, before)
      void kv.set(key, page).catch((error: unknown) => console.warn('a history page could not be kept on this device', error))
      return page
    } catch (error) {
      // Offline, or the relay out of reach or failing: the copy kept from an earlier visit, if any.
      // A kept copy that cannot be read counts as none.
      const kept = readHistoryPage(await kv.get<unknown>(key).catch(() => undefined))
      if (kept) return kept
      console.warn(`history page of ${chatId} not loaded`, error)
      return null
    }
  }

  const messages = createMemo(() => pages().reduceRight<PageMessage[]>((all, page) => all.concat(page.messages), []))
  const state = createMemo<OlderState>(() => {
    if (busy()) return 'loading'
    if (failed()) return 'error'
    // Read `pages` so that the state is judged again after each page.
    return pages().length > 0 && next === null ? 'done' : hasHistory() || pages().length > 0 ? 'more' : 'done'
  })

  return {
    messages,
    state,
    head,
    async loadOlder() {
      if (busy() || next === null || !hasHistory()) return
      const asked = generation
      setBusy(true)
      setFailed(false)
      const page = await fetchPage(next ?? null)
      if (asked !== generation) return
      batch(() => {
        setBusy(false)
        if (!page) return void setFailed(true)
        next = page.before
        setHead(Math.max(head(), page.head))
        setPages([...pages(), page])
      })
    },
    restart() {
      generation++
      next = undefined
      setBusy(false)
      setFailed(false)
      setPages([])
    },
  }
}
