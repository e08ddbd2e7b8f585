// The body of a history page (GET /api/chats/:chatId/history, docs/protocol.md): the messages of
// a chat's sealed epochs, each with the epoch it is stored in. Clients read it defensively with
// readHistoryPage, as they read documents: a message that fails the schema is left out.

import * as v from 'valibot'
import { MessageSchema, type Message } from './schema.ts'

export type HistoryMessage = Message & { epoch: number }

export interface HistoryPage {
  chatId: string
  /** The chat's head epoch when the page was read. */
  head: number
  /** Oldest first. */
  messages: HistoryMessage[]
  /** The cursor of the next older page (`?before=`), or null when this page reaches the chat's start. */
  before: string | null
}

const Epoch = v.pipe(v.number(), v.integer(), v.minValue(0))
const PageSchema = v.object({ chatId: v.string(), head: Epoch, messages: v.array(v.unknown()), before: v.nullable(v.string()) })

/** The page in `body` (parsed JSON), keeping only well-formed messages; null when it is no page at all. */
export function readHistoryPage(body: unknown): HistoryPage | null {
  const page = v.safeParse(PageSchema, body)
  if (!page.success) return null
  const messages: HistoryMessage[] = []
  for (const item of page.output.messages) {
    if (typeof item !== 'object' || item === null) continue
    const { epoch, ...message } = item as Record<string, unknown>
    if (!v.is(Epoch, epoch) || !v.is(MessageSchema, message)) continue
    messages.push({ ...message, epoch })
  }
  return { chatId: page.output.chatId, head: page.output.head, messages, before: page.output.before }
}
