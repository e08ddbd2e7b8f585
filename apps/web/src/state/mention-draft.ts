// The message field's draft as Solid state: its text and mentions (packages/chat-model's
// mentions.ts does the editing), the caret, and the "@query" being typed unless the person
// closed its list with Escape. The composer turns textarea events into these calls.

import { createMemo, createSignal, type Accessor } from 'solid-js'
import {
  applyEdit,
  deleteMention,
  diffText,
  emptyDraft,
  finishDraft,
  insertMention,
  mentionQueryAt,
  type Draft,
  type Mention,
  type MentionQuery,
  type MentionTarget,
} from '@parley/chat-model'

export interface MentionDraft {
  draft: Accessor<Draft>
  /** The "@query" at the caret, while its list is wanted. */
  query: Accessor<MentionQuery | null>
  /** The textarea now holds `value`, with the caret at `caret`. */
  input(value: string, caret: number): void
  /** The caret moved (arrow keys, a click). */
  moveCaret(caret: number): void
  /** Backspace (`backward`) or Delete next to a mention: removes it whole; the new caret, or null. */
  removeMention(caret: number, direction: 'backward' | 'forward'): number | null
  /** Puts `target` in place of the current "@query"; the new caret, or null without a query. */
  pick(target: MentionTarget): number | null
  /** Escape: no list for this "@" until another one is typed. */
  dismiss(): void
  /** The message to send, cleaned; the draft stays until `clear`. */
  finish(): { text: string; mentions: Mention[] }
  clear(): void
  /** Puts back a draft kept from before (the caret goes to its end). */
  restore(kept: Draft): void
}

export function createMentionDraft(): MentionDraft {
  const [draft, setDraft] = createSignal<Draft>(emptyDraft)
  const [caret, setCaret] = createSignal(0)
  const [dismissedAt, setDismissedAt] = createSignal<number | null>(null)
  const found = createMemo(() => mentionQueryAt(draft(), caret()), null, {
    equals: (a, b) => a?.from === b?.from && a?.to === b?.to && a?.query === b?.query,
  })
  const query = createMemo(() => {
    const q = found()
    return q && q.from !== dismissedAt() ? q : null
  })

  return {
    draft,
    query,
    input(value, at) {
      setDraft((d) => applyEdit(d, diffText(d.text, value, at)))
      setCaret(at)
      if (found() === null) setDismissedAt(null)
    },
    moveCaret: setCaret,
    removeMention(at, direction) {
      const result = deleteMention(draft(), at, direction)
      if (!result) return null
      setDraft(result.draft)
      setCaret(result.caret)
      return result.caret
    },
    pick(target) {
      const q = query()
      if (!q) return null
      const result = insertMention(draft(), q, target)
      setDraft(result.draft)
      setCaret(result.caret)
      return result.caret
    },
    dismiss() {
      setDismissedAt(found()?.from ?? null)
    },
    finish: () => finishDraft(draft()),
    clear() {
      setDraft(emptyDraft)
      setCaret(0)
      setDismissedAt(null)
    },
    restore(kept) {
      setDraft(kept)
      setCaret(kept.text.length)
      setDismissedAt(null)
    },
  }
}
