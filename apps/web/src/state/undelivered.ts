// Messages the relay refused, kept on this device until their author retries or discards each.
// They leave the chat document when the refused local copy is thrown away (the relay would
// refuse it again on every connection), so they live in the person's key-value store, with the
// chat's meta when this device created the chat: a retry may have to create the chat anew.

import type { ChatMeta, Message } from '@parley/chat-model'
import type { LocalKv } from './local-kv.ts'

export interface Undelivered {
  /** The chat as this device created it, or null when someone else did. */
  meta: ChatMeta | null
  messages: Message[]
}

export const noneUndelivered: Undelivered = Object.freeze({ meta: null, messages: [] })

const key = (chatId: string) => `undelivered/${chatId}`

export const loadUndelivered = async (kv: LocalKv, chatId: string): Promise<Undelivered> =>
  (await kv.get<Undelivered>(key(chatId))) ?? noneUndelivered

/** Keeps `value` for `chatId`, or forgets the chat's entry once it holds no message. */
export const saveUndelivered = (kv: LocalKv, chatId: string, value: Undelivered): Promise<void> =>
  value.messages.length > 0 ? kv.set(key(chatId), value) : kv.del(key(chatId))
