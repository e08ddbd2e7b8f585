import { describe, expect, it } from 'vitest'
import * as v from 'valibot'
import {
  applyEdit,
  deleteMention,
  diffText,
  emptyDraft,
  finishDraft,
  insertMention,
  mentionQueryAt,
  segmentText,
  type Draft,
} from './mentions.ts'
import { MAX_MENTIONS, MessageSchema, type Mention } from './schema.ts'

const ann = { type: 'candidate', id: 'c-311', label: 'Ann Smith' } as const
const job = { type: 'job', id: '1042', label: 'QA Engineer' } as const

/** Types `typed` at `caret` the way the composer sees it: the textarea's value after, diffed. */
const typeAt = (draft: Draft, caret: number, typed: string): Draft => {
  const after = draft.text.slice(0, caret) + typed + draft.text.slice(caret)
  return applyEdit(draft, diffText(draft.text, after, caret + typed.length))
}
/** One Backspace at a collapsed caret: a mention ending there goes whole, else one character. */
const backspace = (draft: Draft, caret: number): { draft: Draft; caret: number } => {
  const whole = deleteMention(draft, caret, 'backward')
  if (whole) return whole
  const after = draft.text.slice(0, caret - 1) + draft.text.slice(caret)
  return { draft: applyEdit(draft, diffText(draft.text, after, caret - 1)), caret: caret - 1 }
}
/** The text each mention covers: what the ranges point at. */
const covered = (draft: { text: string; mentions: readonly Mention[] }) => draft.mentions.map((m) => draft.text.slice(m.start, m.end))

/** "Ask @ann" with the picker's choice made: "Ask Ann Smith about QA Engineer ". */
const twoMentions = (): Draft => {
  let draft = typeAt(emptyDraft, 0, 'Ask @ann')
  draft = insertMention(draft, mentionQueryAt(draft, 8)!, ann).draft
  draft = typeAt(draft, draft.text.length, 'about @QA')
  return insertMention(draft, mentionQueryAt(draft, draft.text.length)!, job).draft
}

describe('diffText', () => {
  it('finds an insertion, a deletion and a replacement', () => {
    expect(diffText('abc', 'abXc', 3)).toEqual({ from: 2, to: 2, insert: 'X' })
    expect(diffText('abc', 'ac', 1)).toEqual({ from: 1, to: 2, insert: '' })
    expect(diffText('hello world', 'hello there', 11)).toEqual({ from: 6, to: 11, insert: 'there' })
  })

  it('uses the caret to tell which of equal characters was typed or deleted', () => {
    expect(diffText('aa', 'aaa', 1)).toEqual({ from: 0, to: 0, insert: 'a' })
    expect(diffText('aa', 'aaa', 3)).toEqual({ from: 2, to: 2, insert: 'a' })
    expect(diffText('aaa', 'aa', 1)).toEqual({ from: 1, to: 2, insert: '' })
  })

  it('falls back to the smallest edit when the caret does not fit the change', () => {
    expect(diffText('abc', 'abXc', 0)).toEqual({ from: 2, to: 2, insert: 'X' })
  })
})

describe('inserting a mention', () => {
  it('replaces the "@query" with the label, as one range, and a space after it', () => {
    const draft = typeAt(emptyDraft, 0, 'Ask @ann')
    const query = mentionQueryAt(draft, 8)
    expect(query).toEqual({ from: 4, to: 8, query: 'ann' })
    const { draft: next, caret } = insertMention(draft, query!, ann)
    expect(next.text).toBe('Ask Ann Smith ')
    expect(next.mentions).toEqual([{ start: 4, end: 13, type: 'candidate', id: 'c-311', label: 'Ann Smith' }])
    expect(caret).toBe(14)
  })

  it('does not add a second space when one follows the query', () => {
    const draft = { text: 'Ask @ann today', mentions: [] }
    const { draft: next, caret } = insertMention(draft, { from: 4, to: 8 }, ann)
    expect(next.text).toBe('Ask Ann Smith today')
    expect(caret).toBe(14)
  })

  it('moves the mentions after the query', () => {
    const draft = twoMentions()
    const withFirst = { text: `@x ${draft.text}`, mentions: draft.mentions.map((m) => ({ ...m, start: m.start + 3, end: m.end + 3 })) }
    const { draft: next } = insertMention(withFirst, { from: 0, to: 2 }, { type: 'person', id: 'u1', label: 'Bob Brown' })
    expect(covered(next)).toEqual(['Bob Brown', 'Ann Smith', 'QA Engineer'])
  })

  it('makes a long or multi-line label one line of at most 300 characters', () => {
    const { draft } = insertMention({ text: '@x', mentions: [] }, { from: 0, to: 2 }, { type: 'company', id: '9', label: ` A\n  B ${'c'.repeat(400)}` })
    expect(draft.mentions[0]!.label).toBe(`A B ${'c'.repeat(296)}`)
    expect(covered(draft)).toEqual([draft.mentions[0]!.label])
  })
})

describe('editing around a mention keeps the ranges right', () => {
  it('typing before a mention moves it', () => {
    let draft = twoMentions()
    expect(covered(draft)).toEqual(['Ann Smith', 'QA Engineer'])
    draft = typeAt(draft, 0, 'Please ')
    expect(draft.text).toBe('Please Ask Ann Smith about QA Engineer ')
    expect(covered(draft)).toEqual(['Ann Smith', 'QA Engineer'])
    // Right against the mention's first character, too.
    draft = typeAt(draft, draft.mentions[0]!.start, '(')
    expect(covered(draft)).toEqual(['Ann Smith', 'QA Engineer'])
    expect(draft.mentions[0]!.start).toBe(12)
  })

  it('typing after a mention leaves it be', () => {
    let draft = twoMentions()
    const before = draft.mentions
    draft = typeAt(draft, draft.mentions[0]!.end, ',')
    expect(draft.mentions[0]).toEqual(before[0])
    expect(covered(draft)).toEqual(['Ann Smith', 'QA Engineer'])
  })

  it('typing inside a mention turns it into plain text and keeps the others', () => {
    let draft = twoMentions()
    draft = typeAt(draft, draft.mentions[0]!.start + 3, 'e')
    expect(draft.text).toBe('Ask Anne Smith about QA Engineer ')
    expect(covered(draft)).toEqual(['QA Engineer'])
  })

  it('deleting text before a mention moves it back', () => {
    let draft = twoMentions()
    draft = backspace(draft, 3).draft // "As Ann Smith …"
    expect(covered(draft)).toEqual(['Ann Smith', 'QA Engineer'])
    draft = applyEdit(draft, diffText(draft.text, draft.text.slice(3), 0)) // select "As " and delete
    expect(draft.text).toBe('Ann Smith about QA Engineer ')
    expect(draft.mentions.map((m) => m.start)).toEqual([0, 16])
  })

  it('Backspace at the end of a mention removes it whole and moves the rest', () => {
    let draft = twoMentions()
    const end = draft.mentions[0]!.end
    const result = backspace(draft, end)
    draft = result.draft
    expect(draft.text).toBe('Ask  about QA Engineer ')
    expect(result.caret).toBe(4)
    expect(covered(draft)).toEqual(['QA Engineer'])
    expect(draft.mentions[0]).toMatchObject({ start: 11, end: 22, id: '1042' })
  })

  it('Backspace after the space that follows a mention removes the space, then the mention', () => {
    let draft = twoMentions()
    let caret = draft.text.length
    ;({ draft, caret } = backspace(draft, caret))
    expect(draft.text).toBe('Ask Ann Smith about QA Engineer')
    expect(covered(draft)).toEqual(['Ann Smith', 'QA Engineer'])
    ;({ draft, caret } = backspace(draft, caret))
    expect(draft.text).toBe('Ask Ann Smith about ')
    expect(caret).toBe(20)
    expect(covered(draft)).toEqual(['Ann Smith'])
  })

  it('Delete at the start of a mention removes it whole', () => {
    const draft = twoMentions()
    const result = deleteMention(draft, draft.mentions[1]!.start, 'forward')
    expect(result?.draft.text).toBe('Ask Ann Smith about  ')
    expect(covered(result!.draft)).toEqual(['Ann Smith'])
    expect(deleteMention(draft, 1, 'forward')).toBeNull()
  })

  it('a selection that cuts into a mention turns it into plain text', () => {
    const draft = twoMentions() // "Ask Ann Smith about QA Engineer "
    const next = applyEdit(draft, { from: 8, to: 20, insert: '' })
    expect(next.text).toBe('Ask Ann QA Engineer ')
    expect(covered(next)).toEqual(['QA Engineer'])
  })

  it('pasting over a whole mention removes it', () => {
    const draft = twoMentions()
    const { start, end } = draft.mentions[0]!
    const next = applyEdit(draft, { from: start, to: end, insert: 'Bob' })
    expect(next.text).toBe('Ask Bob about QA Engineer ')
    expect(covered(next)).toEqual(['QA Engineer'])
  })
})

describe('mentionQueryAt', () => {
  const at = (text: string, caret = text.length) => mentionQueryAt({ text, mentions: [] }, caret)

  it('finds "@" and what follows it up to the caret, by name, word or number', () => {
    expect(at('@')).toEqual({ from: 0, to: 1, query: '' })
    expect(at('hi @ann sm')).toEqual({ from: 3, to: 10, query: 'ann sm' })
    expect(at('see @JOB-10')).toEqual({ from: 4, to: 11, query: 'JOB-10' })
    expect(at('line one\n(@pl')).toEqual({ from: 10, to: 13, query: 'pl' })
    expect(at('hi @ann today', 7)).toEqual({ from: 3, to: 7, query: 'ann' })
  })

  it('ignores e-mail addresses, other lines, long queries and a space after "@"', () => {
    expect(at('ann@example')).toBeNull()
    expect(at('@ann\nsmith')).toBeNull()
    expect(at('@ ann')).toBeNull()
    expect(at('@ann  smith')).toBeNull()
    expect(at('@one two three four five')).toBeNull()
    expect(at(`@${'a'.repeat(61)}`)).toBeNull()
    expect(at('no at sign')).toBeNull()
    expect(at('', 0)).toBeNull()
  })

  it('does not reach into a mention', () => {
    const draft: Draft = { text: '@Ann Smith x', mentions: [{ start: 0, end: 10, type: 'candidate', id: '1', label: '@Ann Smith' }] }
    expect(mentionQueryAt(draft, 12)).toBeNull()
  })
})

describe('finishDraft', () => {
  it('cleans the text like any message and moves the mentions with it', () => {
    const draft = twoMentions()
    const padded = typeAt(draft, 0, ' \n\n')
    const message = finishDraft(padded)
    expect(message.text).toBe('Ask Ann Smith about QA Engineer')
    expect(covered(message)).toEqual(['Ann Smith', 'QA Engineer'])
    const full = { id: 'm1', author: 'u1', at: 1, ...message }
    expect(v.is(MessageSchema, full)).toBe(true)
  })

  it('drops ranges that are out of the text, empty or overlapping, and keeps at most MAX_MENTIONS', () => {
    const m = (start: number, end: number): Mention => ({ start, end, type: 'job', id: String(start), label: 'x' })
    expect(finishDraft({ text: 'abcdef', mentions: [m(0, 2), m(1, 3), m(3, 3), m(4, 9)] }).mentions.map((x) => x.id)).toEqual(['0'])
    const many = { text: 'x '.repeat(60), mentions: Array.from({ length: 60 }, (_, i) => m(i * 2, i * 2 + 1)) }
    expect(finishDraft(many).mentions).toHaveLength(MAX_MENTIONS)
  })

  it('makes a draft without mentions a plain message', () => {
    expect(finishDraft({ text: 'hello  \n', mentions: [] })).toEqual({ text: 'hello', mentions: [] })
  })
})

describe('segmentText', () => {
  it('cuts the text into plain pieces and mentions, in order', () => {
    const { text, mentions } = finishDraft(twoMentions())
    expect(segmentText(text, mentions).map((s) => [s.text, s.mention?.id ?? null])).toEqual([
      ['Ask ', null],
      ['Ann Smith', 'c-311'],
      [' about ', null],
      ['QA Engineer', '1042'],
    ])
  })

  it('shows ranges from a careless or hostile client as plain text', () => {
    const m = (start: number, end: number): Mention => ({ start, end, type: 'job', id: `${start}`, label: 'x' })
    const text = 'hello world'
    const pieces = segmentText(text, [m(6, 11), m(0, 5), m(3, 8), m(-1, 2), m(5, 5), m(9, 40), m(0.5, 2)])
    expect(pieces.map((s) => [s.text, s.mention?.id ?? null])).toEqual([
      ['hello', '0'],
      [' ', null],
      ['world', '6'],
    ])
    expect(pieces.map((s) => s.text).join('')).toBe(text)
    expect(segmentText('', undefined)).toEqual([{ text: '' }])
  })
})
