// What the chat window shows, from the snapshots of the epoch documents open on this device and
// the history pages loaded so far: the conversation (conversation.ts), each member's newest read
// mark across epochs, the mark of each of my messages, and which messages a document here holds
// (only those can be edited). A pure function, tested without a browser.

import type { ChatMeta, Message, ReadMark } from '@parley/chat-model'
import type { EpochSnapshot } from './chat-read.ts'
import { mergeConversation, type PageMessage } from './conversation.ts'
import { deriveMarks, type Delivery, type MessageMark } from './marks.ts'

export interface ChatView {
  /** The chat's meta when this device holds epoch 0 (the inbox row says the same for others). */
  meta: ChatMeta | null
  /** Conversation order, oldest first; components show it newest first. */
  messages: Message[]
  reads: Record<string, ReadMark>
  /** The mark of each of my messages, by message id. */
  marks: Record<string, MessageMark>
  /** Messages in an epoch document open on this device, by id: only these can be edited or deleted here. */
  held: Record<string, true>
}

/** Each member's newest read mark across the epochs. */
function mergeReads(snapshots: Iterable<EpochSnapshot>): Record<string, ReadMark> {
  const reads: Record<string, ReadMark> = {}
  for (const snapshot of snapshots) {
    for (const [userId, mark] of Object.entries(snapshot.reads)) if (!reads[userId] || reads[userId].at < mark.at) reads[userId] = mark
  }
  return reads
}

/** The view, and the epoch whose document holds each message (the one an edit goes to). */
export function composeChatView(meId: string, snapshots: ReadonlyMap<number, EpochSnapshot>, pages: readonly PageMessage[]): { view: ChatView; heldIn: Map<string, number> } {
  const held = [...snapshots].map(([epoch, snapshot]) => ({ epoch, messages: snapshot.messages }))
  const { messages, heldIn } = mergeConversation(pages, held)
  const reads = mergeReads(snapshots.values())
  // A message only in a page is on the relay: stored.
  const delivery = (id: string): Delivery => {
    const epoch = heldIn.get(id)
    return epoch === undefined ? 'stored' : (snapshots.get(epoch)?.delivery(id) ?? 'stored')
  }
  const view: ChatView = {
    meta: snapshots.get(0)?.meta ?? null,
    messages,
    reads,
    marks: deriveMarks({ meId, messages, reads, delivery }),
    held: Object.fromEntries([...heldIn.keys()].map((id) => [id, true as const])),
  }
  return { view, heldIn }
}
