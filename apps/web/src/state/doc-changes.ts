// The bridge from Yjs to Solid: one callback per transaction that changed something, so that a
// store is updated once per transaction however many types it touched.

import type * as Y from 'yjs'

/**
 * Calls `onChange` after every transaction on `doc` that changed content, and once right away.
 * Returns the function that stops listening.
 */
export function onDocChange(doc: Y.Doc, onChange: (transaction: Y.Transaction | null) => void): () => void {
  const handler = (transaction: Y.Transaction) => {
    if (transaction.changed.size > 0) onChange(transaction)
  }
  doc.on('afterTransaction', handler)
  onChange(null)
  return () => doc.off('afterTransaction', handler)
}
