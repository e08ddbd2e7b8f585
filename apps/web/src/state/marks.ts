// The mark each of my messages carries: pending (only on this device), sent (the relay has
// stored it), seen (another member's read mark is at or past it), or failed (the relay refused
// what this device wrote and will not take it). A pure function of the chat, the relay's
// acknowledgements (or the history pages) and whether the room was refused, so that it is tested without a browser.

import type { Message, ReadMark } from '@parley/chat-model'
import type { StateVector } from './acks.ts'
import type { ItemId } from './message-items.ts'

export const MessageMark = {
  pending: 'pending',
  sent: 'sent',
  seen: 'seen',
  failed: 'failed',
} as const
export type MessageMark = (typeof MessageMark)[keyof typeof MessageMark]

/** Where one of my messages stands with the relay. */
export type Delivery = 'stored' | 'pending' | 'refused'

export interface MarkInput {
  meId: string
  /** Conversation order, oldest first. */
  messages: readonly Message[]
  reads: Readonly<Record<string, ReadMark>>
  /** Whether the relay has stored each message (one from a history page has been). */
  delivery(messageId: string): Delivery
}

/**
 * Delivery from one document's acknowledgements: a message is stored once the acknowledged vector
 * covers the Yjs id it was written with; what is not stored is refused once the relay refused
 * a write in this room (it never will store it).
 */
export function deliveryByAcks(itemIds: ReadonlyMap<string, ItemId>, acked: StateVector, refused: boolean): (messageId: string) => Delivery {
  return (messageId) => {
    const id = itemIds.get(messageId)
    if (id && (acked.get(id.client) ?? 0) > id.clock) return 'stored'
    return refused ? 'refused' : 'pending'
  }
}

/** Marks of my messages, by message id. Messages of others carry none. */
export function deriveMarks(input: MarkInput): Record<string, MessageMark> {
  const { meId, messages, reads, delivery } = input
  const index = new Map(messages.map((m, i) => [m.id, i]))
  let seenUpTo = -1
  for (const [userId, mark] of Object.entries(reads)) {
    if (userId !== meId) seenUpTo = Math.max(seenUpTo, index.get(mark.upTo) ?? -1)
  }
  const marks: Record<string, MessageMark> = {}
  messages.forEach((message, i) => {
    if (message.author !== meId) return
    if (i <= seenUpTo) return (marks[message.id] = MessageMark.seen)
    const state = delivery(message.id)
    marks[message.id] = state === 'stored' ? MessageMark.sent : state === 'refused' ? MessageMark.failed : MessageMark.pending
  })
  return marks
}
