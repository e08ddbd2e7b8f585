// Renders a stored chat epoch into what a history page serves: its messages as readers show them
// (one per author and id, chat-model's latestById; tombstones kept), each as JSON text with its
// `epoch`, packed into one buffer with offsets so that a page is a few slices of it, a cache
// entry's size is exactly its bytes, and the whole can cross a worker boundary without copying.

import * as Y from 'yjs'
import { latestById, messagesArray } from '@parley/chat-model'

export interface RenderedEpoch {
  epoch: number
  /** The messages' JSON texts, one after another, oldest first. */
  json: Uint8Array
  /** Where message i starts in `json`; offsets[count] is its length. */
  offsets: Uint32Array
  readonly count: number
}

/** Rebuilds the epoch's document from its stored updates and renders its messages. */
export function renderEpoch(updates: readonly Uint8Array[], epoch: number): RenderedEpoch {
  const doc = new Y.Doc({ gc: true })
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update)
  })
  const messages = latestById(messagesArray(doc).toArray())
  doc.destroy()
  const parts = messages.map((m) => JSON.stringify({ ...m, epoch }))
  const encoder = new TextEncoder()
  const offsets = new Uint32Array(parts.length + 1)
  const text = parts.join('')
  const json = encoder.encode(text)
  // Byte offsets, not string offsets: a message may hold characters of several bytes.
  let at = 0
  parts.forEach((part, i) => {
    offsets[i] = at
    at += Buffer.byteLength(part)
  })
  offsets[parts.length] = at
  return { epoch, json, offsets, count: parts.length }
}

/** The JSON texts of messages [start, end) of a rendered epoch, comma-separated. */
export function sliceEpoch(rendered: RenderedEpoch, start: number, end: number): string {
  if (end <= start) return ''
  const decoder = new TextDecoder()
  const parts: string[] = []
  for (let i = start; i < end; i++) parts.push(decoder.decode(rendered.json.subarray(rendered.offsets[i], rendered.offsets[i + 1])))
  return parts.join(',')
}
