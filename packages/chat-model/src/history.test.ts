// Reading a history page: well-formed messages come back with their epoch, anything else in the
// list is left out, and a body that is no page is null.

import { describe, expect, it } from 'vitest'
import { readHistoryPage } from './history.ts'

const message = { id: 'm1', author: 'alice', text: 'hi', at: 10, epoch: 2 }

describe('readHistoryPage', () => {
  it('keeps well-formed messages with their epoch and leaves the rest out', () => {
    const page = readHistoryPage({
      chatId: 'c',
      head: 3,
      messages: [message, { ...message, id: 'bad id' }, { ...message, epoch: -1 }, { ...message, extra: 1 }, null, 'x', { id: 'm2', author: 'bob', text: '', at: 11, editedAt: 12, deleted: true, epoch: 2 }],
      before: '2.10',
    })
    expect(page).toEqual({ chatId: 'c', head: 3, messages: [message, { id: 'm2', author: 'bob', text: '', at: 11, editedAt: 12, deleted: true, epoch: 2 }], before: '2.10' })
  })

  it('is null for a body that is no page', () => {
    expect(readHistoryPage(null)).toBeNull()
    expect(readHistoryPage({ chatId: 'c', head: -1, messages: [], before: null })).toBeNull()
    expect(readHistoryPage({ error: 'not_found' })).toBeNull()
  })
})
