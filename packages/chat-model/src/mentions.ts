// Editing a message draft that holds @mentions: the draft is its text plus mention ranges into
// it, and every change to the text goes through `applyEdit`, which keeps the ranges on the words
// they were made for. A mention is one unit: an edit that touches its inside turns it back into
// plain text, and Backspace at its end removes it whole. Pure functions, no DOM, no Yjs; the
// composer feeds them what the textarea did, and `finishDraft` makes the message to send.

import { MAX_MENTIONS, type Mention, type RecordType } from './schema.ts'

/** What the message field holds: text, and mentions as `[start, end)` ranges into it. */
export interface Draft {
  readonly text: string
  /** Sorted by `start`, never overlapping, always inside `text`. */
  readonly mentions: readonly Mention[]
}

/** Replace `text.slice(from, to)` by `insert`. */
export interface TextEdit {
  readonly from: number
  readonly to: number
  readonly insert: string
}

/** What a mention is made from: a search result of the records directory. */
export interface MentionTarget {
  readonly type: RecordType
  readonly id: string
  readonly label: string
}

/** The "@query" being typed: `text.slice(from, to)` is "@" and `query`. */
export interface MentionQuery {
  readonly from: number
  readonly to: number
  readonly query: string
}

export const emptyDraft: Draft = Object.freeze({ text: '', mentions: Object.freeze([]) })

/** Longest "@query" looked up (the relay takes 100 characters; names are shorter). */
export const MAX_QUERY_LENGTH = 60
/** Words in an "@query": "@ann smith" is a query, "@ann said that we should" is not. */
const MAX_QUERY_WORDS = 4
const MAX_LABEL_LENGTH = 300
/** Characters after which "@" starts a mention; a letter before it is an e-mail address. */
const OPENERS = /[\s([{"'«“‘]/u

/**
 * The single edit that turns `before` into `after`. `caret` (where the caret is after the edit)
 * settles which of equal characters were typed: "aa" → "aaa" with the caret at 1 is an
 * insertion at 0, not at 2.
 */
export function diffText(before: string, after: string, caret = after.length): TextEdit {
  // The caret ends up after what was typed, so what follows it was there before: `after` is
  // prefix + inserted + tail, with tail = after.slice(caret). If `before` does not end with that
  // tail, the caret says nothing and the smallest edit is taken.
  const tailLength = after.length - caret
  const tailKept = caret >= 0 && tailLength >= 0 && tailLength <= before.length && before.endsWith(after.slice(caret))
  const beforeEnd = tailKept ? before.length - tailLength : before.length
  const afterEnd = tailKept ? caret : after.length
  let prefix = 0
  const maxPrefix = Math.min(beforeEnd, afterEnd)
  while (prefix < maxPrefix && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++
  let suffix = 0
  if (!tailKept) {
    const room = Math.min(before.length, after.length) - prefix
    while (suffix < room && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++
  }
  return { from: prefix, to: beforeEnd - suffix, insert: after.slice(prefix, afterEnd - suffix) }
}

/**
 * Applies an edit: mentions before it stay, mentions after it move with the text, and a mention
 * whose inside the edit touches becomes plain text (its characters stay, as edited).
 * Typing right before a mention (`from === to === start`) moves it; right after it leaves it be.
 */
export function applyEdit(draft: Draft, edit: TextEdit): Draft {
  const from = clamp(edit.from, 0, draft.text.length)
  const to = clamp(edit.to, from, draft.text.length)
  if (from === to && edit.insert === '') return draft
  const shift = edit.insert.length - (to - from)
  const text = draft.text.slice(0, from) + edit.insert + draft.text.slice(to)
  const mentions: Mention[] = []
  for (const m of draft.mentions) {
    if (to <= m.start) mentions.push(shift === 0 ? m : { ...m, start: m.start + shift, end: m.end + shift })
    else if (from >= m.end) mentions.push(m)
    // Otherwise the edit changed the mention's own text: it is not that record's name any more.
  }
  return { text, mentions }
}

/** The mention that ends exactly at `caret` (Backspace there removes it whole). */
export const mentionEndingAt = (draft: Draft, caret: number): Mention | undefined => draft.mentions.find((m) => m.end === caret)

/** The mention that starts exactly at `caret` (Delete there removes it whole). */
export const mentionStartingAt = (draft: Draft, caret: number): Mention | undefined => draft.mentions.find((m) => m.start === caret)

/** The mention with `caret` strictly inside it, if any. */
export const mentionAround = (draft: Draft, caret: number): Mention | undefined => draft.mentions.find((m) => m.start < caret && caret < m.end)

/**
 * Removes the mention next to a collapsed caret, as Backspace (`backward`) or Delete would
 * remove one character. Returns the new draft and caret, or null when no mention is there and
 * the key should do what it always does.
 */
export function deleteMention(draft: Draft, caret: number, direction: 'backward' | 'forward'): { draft: Draft; caret: number } | null {
  const mention = direction === 'backward' ? mentionEndingAt(draft, caret) : mentionStartingAt(draft, caret)
  if (!mention) return null
  const next = { text: draft.text.slice(0, mention.start) + draft.text.slice(mention.end), mentions: draft.mentions.filter((m) => m !== mention) }
  const shift = mention.end - mention.start
  return {
    draft: { text: next.text, mentions: next.mentions.map((m) => (m.start >= mention.end ? { ...m, start: m.start - shift, end: m.end - shift } : m)) },
    caret: mention.start,
  }
}

/**
 * The "@query" that ends at a collapsed caret, or null. "@" must start the text or follow a
 * space or an opening bracket or quote (so "ann@example.com" is not one), the query stays on one
 * line, has at most a few words and does not run into a mention. An empty query ("@" alone)
 * counts: the composer may show recent records for it.
 */
export function mentionQueryAt(draft: Draft, caret: number): MentionQuery | null {
  const { text } = draft
  if (caret < 1 || caret > text.length) return null
  const lineStart = text.lastIndexOf('\n', caret - 1) + 1
  const at = text.lastIndexOf('@', caret - 1)
  if (at < lineStart || caret - at - 1 > MAX_QUERY_LENGTH) return null
  if (at > 0 && !OPENERS.test(text[at - 1]!)) return null
  const query = text.slice(at + 1, caret)
  if (/^\s/u.test(query) || /\s{2}/u.test(query) || query.split(' ').length > MAX_QUERY_WORDS) return null
  if (draft.mentions.some((m) => m.start < caret && m.end > at)) return null
  return { from: at, to: caret, query }
}

/**
 * Puts a mention of `target` in place of `range` (the "@query"), followed by a space unless one
 * is there already. Returns the draft and where the caret goes: after that space.
 * @example insertMention({ text: 'ask @ann', mentions: [] }, { from: 4, to: 8 }, { type: 'candidate', id: '7', label: 'Ann Smith' })
 * // → { draft: { text: 'ask Ann Smith ', mentions: [{ start: 4, end: 13, … }] }, caret: 14 }
 */
export function insertMention(draft: Draft, range: { from: number; to: number }, target: MentionTarget): { draft: Draft; caret: number } {
  const label = oneLine(target.label).slice(0, MAX_LABEL_LENGTH) || target.id
  const spaceAfter = /^\s/u.test(draft.text.slice(range.to, range.to + 1)) ? '' : ' '
  const edited = applyEdit(draft, { from: range.from, to: range.to, insert: label + spaceAfter })
  const mention: Mention = { start: range.from, end: range.from + label.length, type: target.type, id: target.id, label }
  const mentions = [...edited.mentions, mention].sort((a, b) => a.start - b.start)
  return { draft: { text: edited.text, mentions }, caret: range.from + label.length + 1 }
}

/**
 * The message a draft becomes: its text cleaned as every message is (trailing whitespace and
 * leading blank lines go; chat.ts's `cleanText` leaves the result as it is), its mentions moved
 * with it, kept only when they are valid ranges that do not overlap, at most MAX_MENTIONS.
 */
export function finishDraft(draft: Draft): { text: string; mentions: Mention[] } {
  const trimmedEnd = draft.text.replace(/\s+$/u, '')
  const lead = /^\s*\n/u.exec(trimmedEnd)?.[0].length ?? 0
  const text = trimmedEnd.slice(lead)
  const mentions: Mention[] = []
  let lastEnd = 0
  for (const m of [...draft.mentions].sort((a, b) => a.start - b.start)) {
    const start = m.start - lead
    const end = m.end - lead
    if (start < lastEnd || end > text.length || start >= end || mentions.length >= MAX_MENTIONS) continue
    mentions.push({ start, end, type: m.type, id: m.id, label: m.label.slice(0, MAX_LABEL_LENGTH) })
    lastEnd = end
  }
  return { text, mentions }
}

/** A piece of a message's text: plain, or the text of one mention. */
export interface TextSegment {
  readonly text: string
  readonly mention?: Mention
}

/**
 * Cuts `text` into plain pieces and mention pieces, in order, for rendering. Mentions come from
 * other clients, so ranges outside the text, empty or overlapping an earlier one are ignored
 * (their text shows as plain text).
 */
export function segmentText(text: string, mentions: readonly Mention[] | undefined): TextSegment[] {
  const segments: TextSegment[] = []
  let at = 0
  for (const m of [...(mentions ?? [])].sort((a, b) => a.start - b.start)) {
    if (!Number.isInteger(m.start) || !Number.isInteger(m.end) || m.start < at || m.end > text.length || m.start >= m.end) continue
    if (m.start > at) segments.push({ text: text.slice(at, m.start) })
    segments.push({ text: text.slice(m.start, m.end), mention: m })
    at = m.end
  }
  if (at < text.length || segments.length === 0) segments.push({ text: text.slice(at) })
  return segments
}

const clamp = (n: number, min: number, max: number) => Math.min(Math.max(n, min), max)
const oneLine = (label: string) => label.replace(/\s+/gu, ' ').trim()
