// What I have typed but not sent, one draft per chat, kept on this device (IndexedDB, through the
// person's key-value store) so that it survives the panel closing, another chat, a reload and
// being offline. Drafts are never sent anywhere; sending a message clears its chat's draft.

import { createSignal, type Accessor } from 'solid-js'
import { createStore, produce, unwrap } from 'solid-js/store'
import type { Draft } from '@parley/chat-model'
import type { LocalKv } from './local-kv.ts'

export interface Drafts {
  /** True once the drafts kept on this device have been read. */
  loaded: Accessor<boolean>
  get(chatId: string): Draft | undefined
  /** Keeps `draft` for `chatId`, or forgets the chat's draft when it is blank. */
  set(chatId: string, draft: Draft): void
}

const KEY = 'drafts'
const isBlank = (draft: Draft) => draft.text.trim() === ''

export function createDrafts(kv: LocalKv): Drafts {
  const [drafts, setDrafts] = createStore<Record<string, Draft>>({})
  const [loaded, setLoaded] = createSignal(false)
  // One write at a time, in order, so an older draft never lands after a newer one.
  let writing: Promise<void> = Promise.resolve()
  const save = () => {
    const copy = structuredClone(unwrap(drafts))
    writing = writing.then(() => kv.set(KEY, copy)).catch((error: unknown) => console.warn('a draft could not be kept on this device', error))
  }

  void kv.get<Record<string, Draft>>(KEY).then((kept) => {
    // Drafts typed before the read finished are newer than the kept ones.
    setDrafts(produce((current) => {
      for (const [chatId, draft] of Object.entries(kept ?? {})) if (!(chatId in current)) current[chatId] = draft
    }))
    setLoaded(true)
  })

  return {
    loaded,
    get: (chatId) => drafts[chatId],
    set(chatId, draft) {
      if (isBlank(draft) && !(chatId in drafts)) return
      setDrafts(produce((current) => {
        if (isBlank(draft)) delete current[chatId]
        else current[chatId] = { text: draft.text, mentions: draft.mentions.map((m) => ({ ...m })) }
      }))
      save()
    },
  }
}
