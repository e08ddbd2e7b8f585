// Rendering a stored epoch: messages as readers show them (the latest copy of an edited message,
// tombstones kept), each with its epoch, sliced by byte offsets that hold for characters of
// several bytes; and the same on the worker thread, which survives an update it cannot read.

import * as Y from 'yjs'
import { afterAll, describe, expect, it } from 'vitest'
import { appendMessage, deleteMessage, editMessage, initChat } from '@parley/chat-model'
import { renderEpoch, sliceEpoch } from './epoch-render.ts'
import { createEpochRenderer } from './epoch-renderer.ts'

function storedChat() {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  initChat(doc, { id: 'c', members: ['alice', 'bob'], createdBy: 'alice', createdAt: 1 })
  appendMessage(doc, { id: 'm1', author: 'alice', text: 'Grüße 👋', at: 10 })
  appendMessage(doc, { id: 'm2', author: 'bob', text: 'typo', at: 20 })
  appendMessage(doc, { id: 'm3', author: 'alice', text: 'gone soon', at: 30 })
  editMessage(doc, 'bob', 'm2', 'fixed', [], 25)
  deleteMessage(doc, 'alice', 'm3', 35)
  return updates
}

const parse = (text: string) => JSON.parse(`[${text}]`) as Array<Record<string, unknown>>

describe('epoch rendering', () => {
  it('renders messages as readers see them, each with its epoch, and slices them by message', () => {
    const rendered = renderEpoch(storedChat(), 4)
    expect(rendered.count).toBe(3)
    expect(parse(sliceEpoch(rendered, 0, 3))).toEqual([
      { id: 'm1', author: 'alice', text: 'Grüße 👋', at: 10, epoch: 4 },
      { id: 'm2', author: 'bob', text: 'fixed', at: 20, editedAt: 25, epoch: 4 },
      { id: 'm3', author: 'alice', text: '', at: 30, editedAt: 35, deleted: true, epoch: 4 },
    ])
    expect(parse(sliceEpoch(rendered, 1, 2)).map((m) => m.id)).toEqual(['m2'])
    expect(sliceEpoch(rendered, 2, 2)).toBe('')
    expect(renderEpoch([], 0).count).toBe(0)
  })

  describe('on the worker thread', () => {
    const renderer = createEpochRenderer()
    afterAll(() => renderer.close())

    it('renders what the event loop would, and goes on after an update it cannot read', async () => {
      const updates = storedChat()
      const [threaded, bad] = await Promise.allSettled([renderer.render(updates, 1), renderer.render([new Uint8Array([255, 255, 255])], 2)])
      expect(threaded.status === 'fulfilled' && sliceEpoch(threaded.value, 0, 3)).toBe(sliceEpoch(renderEpoch(updates, 1), 0, 3))
      expect(bad.status).toBe('rejected')
      expect((await renderer.render(updates, 1)).count).toBe(3)
    })
  })
})
