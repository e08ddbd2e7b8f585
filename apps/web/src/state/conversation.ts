// One conversation from its pieces: the epoch documents this device holds (the head and any older
// epoch it kept) and the history pages the relay sent (messages of sealed epochs, each with its
// epoch). Epochs come in order; inside one, a held document's order is the truth for what it
// holds, and page messages it lacks keep their place from the page. One message per id. Only an
// unbroken run of epochs down from the newest is shown: a held epoch below one that is neither
// held nor loaded as pages waits for the pages to reach it, so the conversation never shows a
// gap. A pure function, tested without a browser; it does not fetch or open anything.

import type { HistoryMessage, Message } from '@parley/chat-model'

/** A message of a history page: the relay says which epoch it lives in. */
export type PageMessage = HistoryMessage

/** The messages of one epoch document held on this device, in its order. */
export interface HeldEpoch {
  epoch: number
  messages: readonly Message[]
}

export interface Conversation {
  /** Conversation order, oldest first. */
  messages: Message[]
  /** The epoch of every message, by id. */
  epochOf: Map<string, number>
  /** The epoch document that holds each message on this device (only those: the others came from pages). */
  heldIn: Map<string, number>
}

const version = (m: Message) => m.editedAt ?? m.at

/** The page copy without its `epoch`, so that page and document messages have one shape. */
const plain = ({ epoch: _epoch, ...message }: PageMessage): Message => message

/**
 * Merges `held` documents into one epoch's page messages: each held message the pages lack goes
 * right after the held message before it (or first), and a message in both is shown in its newer
 * version (the document's on a tie: it may hold my edit the relay has not stored yet).
 */
function mergeEpoch(paged: readonly Message[], held: readonly Message[]): Message[] {
  if (paged.length === 0) return [...held]
  if (held.length === 0) return [...paged]
  const at = new Map(paged.map((m, i) => [m.id, i]))
  const chosen = [...paged]
  // Held messages the pages lack, by the index of the page message they follow (-1: before all).
  const after = new Map<number, Message[]>()
  let anchor = -1
  for (const message of held) {
    const index = at.get(message.id)
    if (index !== undefined) {
      if (version(message) >= version(chosen[index]!)) chosen[index] = message
      anchor = index
      continue
    }
    const list = after.get(anchor) ?? []
    list.push(message)
    after.set(anchor, list)
  }
  const out: Message[] = [...(after.get(-1) ?? [])]
  chosen.forEach((message, i) => out.push(message, ...(after.get(i) ?? [])))
  return out
}

/**
 * The conversation shown for a chat.
 * @example mergeConversation(history.messages, [{ epoch: 3, messages: readMessages(head) }])
 */
export function mergeConversation(pages: readonly PageMessage[], held: readonly HeldEpoch[]): Conversation {
  const pagedBy = new Map<number, Message[]>()
  const seenInPages = new Set<string>()
  for (const message of pages) {
    if (seenInPages.has(message.id)) continue
    seenInPages.add(message.id)
    const list = pagedBy.get(message.epoch) ?? []
    list.push(plain(message))
    pagedBy.set(message.epoch, list)
  }
  const heldBy = new Map(held.map((h) => [h.epoch, h.messages]))
  // Pages run unbroken from the newest sealed epoch they were asked at down to the oldest page's.
  const pagesDownTo = pagedBy.size > 0 ? Math.min(...pagedBy.keys()) : Infinity
  const pagesUpTo = pagedBy.size > 0 ? Math.max(...pagedBy.keys()) : -Infinity
  const shown = (epoch: number) => heldBy.has(epoch) || (epoch >= pagesDownTo && epoch <= pagesUpTo)
  let floor = Math.max(...heldBy.keys(), pagesUpTo)
  while (floor > 0 && shown(floor - 1)) floor--
  const epochs = [...new Set([...pagedBy.keys(), ...heldBy.keys()])].filter((e) => e >= floor).sort((a, b) => a - b)

  const messages: Message[] = []
  const epochOf = new Map<string, number>()
  const heldIn = new Map<string, number>()
  for (const epoch of epochs) {
    const heldHere = heldBy.get(epoch) ?? []
    const heldIds = new Set(heldHere.map((m) => m.id))
    for (const message of mergeEpoch(pagedBy.get(epoch) ?? [], heldHere)) {
      if (epochOf.has(message.id)) continue
      epochOf.set(message.id, epoch)
      if (heldIds.has(message.id)) heldIn.set(message.id, epoch)
      messages.push(message)
    }
  }
  return { messages, epochOf, heldIn }
}
