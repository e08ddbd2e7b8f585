// The mark each of my messages carries: pending (only on this device), sent (the relay has
// stored it), seen (another member's read mark is at or past it), or failed (the relay refused
// what this device wrote and will not take it). A pure function of the chat, the relay's
// acknowledgements and whether the room was refused, so that it is tested without a browser.

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

export interface MarkInput {
  meId: string
  /** Conversation order, oldest first. */
  messages: readonly Message[]
  /** The Yjs id each message was written with, by message id. */
  itemIds: ReadonlyMap<string, ItemId>
  acked: StateVector
  reads: Readonly<Record<string, ReadMark>>
  /** The relay refused a write of ours in this room: what it has not stored never will be. */
  refused: boolean
}

/** Marks of my messages, by message id. Messages of others carry none. */
export function deriveMarks(input: MarkInput): Record<string, MessageMark> {
  const { meId, messages, itemIds, acked, reads, refused } = input
  const index = new Map(messages.map((m, i) => [m.id, i]))
  let seenUpTo = -1
  for (const [userId, mark] of Object.entries(reads)) {
    if (userId !== meId) seenUpTo = Math.max(seenUpTo, index.get(mark.upTo) ?? -1)
  }
  const marks: Record<string, MessageMark> = {}
  messages.forEach((message, i) => {
    if (message.author !== meId) return
    const id = itemIds.get(message.id)
    if (i <= seenUpTo) marks[message.id] = MessageMark.seen
    else if (id && (acked.get(id.client) ?? 0) > id.clock) marks[message.id] = MessageMark.sent
    else marks[message.id] = refused ? MessageMark.failed : MessageMark.pending
  })
  return marks
}
