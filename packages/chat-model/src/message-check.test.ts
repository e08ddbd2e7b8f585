import { inspect } from 'node:util'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { messageProblem } from './message-check.ts'
import { MAX_MENTIONS, MAX_TEXT_LENGTH, MessageSchema } from './schema.ts'

const mention = { start: 0, end: 3, type: 'candidate', id: 'c-311', label: 'Ann Smith' }
const valid = { id: 'm1', author: 'u1', text: 'Ann is here', at: 1_700_000_000_000 }
const withMention = { ...valid, mentions: [mention] }

/** Both checks must say the same; returns messageProblem's answer for the reason assertions. */
const judge = (value: unknown): string | null => {
  const problem = messageProblem(value)
  expect(problem === null, `messageProblem and v.is disagree on ${inspect(value)}`).toBe(v.is(MessageSchema, value))
  return problem
}

const accepts = (value: unknown) => expect(judge(value)).toBeNull()
const refuses = (value: unknown, reason: RegExp) => expect(judge(value)).toMatch(reason)

describe('messageProblem', () => {
  it('accepts valid messages', () => {
    accepts(valid)
    accepts(withMention)
    accepts({ ...valid, mentions: [] })
    accepts({ ...valid, mentions: undefined })
    accepts({ ...valid, at: 0 })
    accepts({ ...valid, at: -0 })
    accepts({ ...valid, id: 'x'.repeat(64), author: 'A_b-9' })
    accepts({ ...valid, text: 'x'.repeat(MAX_TEXT_LENGTH) })
  })

  it('accepts edits and tombstones, and nothing else under their names', () => {
    accepts({ ...valid, editedAt: 1_700_000_100_000 })
    accepts({ ...valid, editedAt: undefined, deleted: undefined })
    accepts({ id: 'm1', author: 'u1', text: '', at: 1, deleted: true, editedAt: 2 })
    accepts({ id: 'm1', author: 'u1', text: '', at: 1, deleted: true, mentions: [] })
    refuses({ ...valid, deleted: true }, /^a deleted message has empty text/)
    refuses({ id: 'm1', author: 'u1', text: '', at: 1, deleted: true, mentions: [mention] }, /^a deleted message has empty text/)
    refuses({ ...valid, text: '', deleted: false }, /^deleted must be true/)
    refuses({ ...valid, editedAt: -1 }, /^editedAt must be/)
    refuses({ ...valid, editedAt: 1.5 }, /^editedAt must be/)
    refuses({ ...valid, editedAt: '1' }, /^editedAt must be/)
  })

  it('accepts only objects', () => {
    for (const value of [null, undefined, 'text', 1, true, 1n, Symbol('m'), () => valid]) refuses(value, /must be an object/)
    refuses([], /id must be/)
    refuses(new Date(0), /id must be/)
  })

  it('refuses unknown keys, even when their value is undefined', () => {
    refuses({ ...valid, extra: 1 }, /has only/)
    refuses({ ...valid, extra: undefined }, /has only/)
    refuses({ ...valid, constructor: valid.id }, /has only/)
    refuses(JSON.parse(`{"__proto__": {}, ${JSON.stringify(valid).slice(1)}`), /has only/)
  })

  it('needs id and author to be ids', () => {
    const { id: _id, ...noId } = valid
    refuses(noId, /^id must be/)
    refuses({ ...valid, id: undefined }, /^id must be/)
    refuses({ ...valid, id: '' }, /^id must be/)
    refuses({ ...valid, id: 'x'.repeat(65) }, /^id must be/)
    refuses({ ...valid, id: 'a/b' }, /^id must be/)
    refuses({ ...valid, id: 7 }, /^id must be/)
    refuses({ ...valid, author: 'u 1' }, /^author must be/)
  })

  it('needs text of 1 to MAX_TEXT_LENGTH characters', () => {
    refuses({ ...valid, text: '' }, /^text must be 1 to 8000 characters$/)
    refuses({ ...valid, text: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, /^text must be/)
    refuses({ ...valid, text: new String('boxed') }, /^text must be/)
    refuses({ ...valid, text: ['a'] }, /^text must be/)
  })

  it('needs at to be a non-negative integer', () => {
    for (const at of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1', null, undefined, new Number(1), 1n]) {
      refuses({ ...valid, at }, /^at must be/)
    }
  })

  it('checks every mention field', () => {
    const refusesMention = (fields: Record<string, unknown>, reason: RegExp) =>
      refuses({ ...valid, mentions: [{ ...mention, ...fields }] }, reason)
    accepts({ ...valid, mentions: [{ ...mention, id: 'x'.repeat(128), label: 'x'.repeat(300) }] })
    accepts({ ...valid, mentions: [{ ...mention, label: '' }] })
    for (const start of [-1, 0.5, Number.NaN, '0']) refusesMention({ start }, /start must be/)
    for (const end of [0, 1.5, Number.POSITIVE_INFINITY, '3']) refusesMention({ end }, /end must be/)
    for (const type of ['user', 'Candidate', '', 3]) refusesMention({ type }, /type must be/)
    for (const id of ['', 'x'.repeat(129), 5]) refusesMention({ id }, /id must be/)
    for (const label of ['x'.repeat(301), null]) refusesMention({ label }, /label must be/)
    refusesMention({ extra: undefined }, /has only/)
    refuses({ ...valid, mentions: [null] }, /mention must be an object/)
    refuses({ ...valid, mentions: [, mention] }, /mention must be an object/) // a hole reads as undefined
  })

  it('needs mentions to be an array of at most MAX_MENTIONS', () => {
    refuses({ ...valid, mentions: null }, /must be an array/)
    refuses({ ...valid, mentions: { 0: mention, length: 1 } }, /must be an array/)
    accepts({ ...valid, mentions: Array.from({ length: MAX_MENTIONS }, () => mention) })
    refuses({ ...valid, mentions: Array.from({ length: MAX_MENTIONS + 1 }, () => mention) }, /at most 50 mentions/)
  })

  it('needs every mention to be a non-empty range inside the text', () => {
    const range = (start: number, end: number) => ({ ...valid, text: 'abc', mentions: [{ ...mention, start, end }] })
    accepts(range(0, 3))
    accepts(range(2, 3))
    refuses(range(1, 1), /non-empty range inside the text/)
    refuses(range(2, 1), /non-empty range inside the text/)
    refuses(range(0, 4), /non-empty range inside the text/)
  })

  // What valibot's strictObject does and the check copies: fields are read through the prototype
  // chain, every enumerable key for…in yields must be known, and symbol or non-enumerable keys
  // are not looked at.
  it('treats unusual objects the way valibot does', () => {
    accepts(Object.assign(Object.create(null), valid))
    accepts(Object.create(valid))
    accepts(Object.assign(Object.create({ id: 'm1', author: 'u1' }), { text: 'hi', at: 1 }))
    accepts(Object.assign([], valid))
    accepts(new (class Message { id = 'm1'; author = 'u1'; text = 'hi'; at = 1 })())
    accepts(new (class { get id() { return 'm1' } author = 'u1'; text = 'hi'; at = 1 })())
    accepts(Object.defineProperty({ ...valid }, 'extra', { value: 1, enumerable: false }))
    accepts({ ...valid, [Symbol('extra')]: 1 })
    refuses(Object.create({ ...valid, extra: 1 }), /has only/)
    refuses(Object.assign(['a'], valid), /has only/)
    const decoded: Record<string, unknown> = {} // how lib0's readAny writes a `__proto__` key
    decoded['__proto__'] = { ...valid }
    accepts(decoded)
  })
})

/** mulberry32: a small seeded PRNG, so that every run tests the same values. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

describe('messageProblem agrees with MessageSchema', () => {
  const random = prng(20_240_611)
  const int = (below: number) => Math.floor(random() * below)
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!
  const chance = (p: number) => random() < p

  const strangePrimitives: readonly unknown[] = [
    undefined, null, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, 0, -0, 1, 3, 1.5,
    2 ** 53, 1n, true, '', 'a', 'm1', 'bad id!', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(128),
    'x'.repeat(129), 'x'.repeat(300), 'x'.repeat(301), 'x'.repeat(MAX_TEXT_LENGTH + 1), 'candidate',
    'user', Symbol('s'),
  ]
  /** Objects are made fresh each time: a later mutation must not change the pool. */
  const strangeObjects: readonly (() => unknown)[] = [
    () => [], () => ({}), () => [{ ...mention }], () => ({ ...mention }), () => new Number(1),
    () => new String('abc'), () => Object.create(null), () => ({ ...valid }),
  ]
  const strangeValue = (): unknown => {
    const r = random()
    return r < 0.2 ? pick([undefined, null]) : r < 0.8 ? pick(strangePrimitives) : pick(strangeObjects)()
  }

  const messageKeys = ['id', 'author', 'text', 'at', 'mentions'] as const
  const mentionKeys = ['start', 'end', 'type', 'id', 'label'] as const
  const unknownKeys = ['extra', 'constructor', 'toString', 'Id', '0', 'prototype']

  /** A valid mention; the mutations make the invalid ones. */
  const randomMention = (textLength: number): Record<string, unknown> => {
    const start = int(textLength)
    return {
      start,
      end: start + 1 + int(textLength - start),
      type: pick(['candidate', 'contact', 'company', 'job', 'placement', 'person']),
      id: 'r'.repeat(pick([1, 8, 128])),
      label: 'l'.repeat(pick([0, 9, 300])),
    }
  }

  /** A valid message, its lengths often at their limits. */
  const randomMessage = (): Record<string, unknown> => {
    const text = chance(0.05) ? 'x'.repeat(MAX_TEXT_LENGTH) : 'hello world'.repeat(3).slice(0, 1 + int(33))
    const message: Record<string, unknown> = { id: `m${int(1000)}`, author: 'u'.repeat(pick([1, 64])), text, at: int(2 ** 40) }
    if (chance(0.6)) message.mentions = Array.from({ length: pick([0, 1, 2, 3, MAX_MENTIONS]) }, () => randomMention(text.length))
    return message
  }

  /** One change that may or may not break the object's validity (Reflect: some targets are read-only). */
  const mutate = (target: Record<string, unknown>, keys: readonly string[]): void => {
    switch (int(8)) {
      case 0:
        Reflect.deleteProperty(target, pick(keys))
        return
      case 1:
        Reflect.set(target, pick(keys), strangeValue())
        return
      case 2:
        Reflect.set(target, pick(unknownKeys), strangeValue())
        return
      case 3: // an own, enumerable `__proto__` key, as JSON.parse makes
        Reflect.defineProperty(target, '__proto__', { value: strangeValue(), enumerable: true, configurable: true, writable: true })
        return
      case 4: // a number near the edge of its range
        Reflect.set(target, pick(keys), pick([-1, 0, 1, 2, 10, 33, 34, 0.5, -0]))
        return
      case 5: // a string at or just past a length limit
        Reflect.set(target, pick(keys), 'x'.repeat(pick([0, 1, 64, 65, 128, 129, 300, 301, MAX_TEXT_LENGTH + 1])))
        return
      case 6: // one field's value in another: an empty range, an id as author
        Reflect.set(target, pick(keys), target[pick(keys)])
        return
      default:
        Reflect.defineProperty(target, pick(unknownKeys), { value: 1, enumerable: false })
    }
  }

  /** The same fields in a differently built object. */
  const reshape = (fields: Record<string, unknown>): unknown => {
    switch (int(9)) {
      case 0:
        return Object.assign(Object.create(null), fields)
      case 1:
        return Object.create(fields)
      case 2:
        return Object.assign([], fields)
      case 3:
        return Object.assign(new (class Box {})(), fields)
      case 4: {
        const decoded: Record<string, unknown> = {}
        decoded['__proto__'] = fields
        return decoded
      }
      case 5: {
        const [first, ...rest] = Object.keys(fields)
        return first === undefined ? fields : Object.assign(Object.create({ [first]: fields[first] }), Object.fromEntries(rest.map((k) => [k, fields[k]])))
      }
      default:
        return fields
    }
  }

  const randomValue = (): unknown => {
    if (chance(0.03)) return strangeValue()
    const message = randomMessage()
    const mentions = message.mentions
    if (Array.isArray(mentions) && chance(0.05)) mentions.push(randomMention((message.text as string).length))
    for (let n = int(3); n > 0; n--) {
      if (Array.isArray(mentions) && mentions.length && chance(0.5)) {
        const i = int(mentions.length)
        const item = mentions[i]
        if (chance(0.2) || typeof item !== 'object' || item === null) mentions[i] = strangeValue()
        else mutate(item as Record<string, unknown>, mentionKeys)
      } else {
        mutate(message, messageKeys)
      }
    }
    if (Array.isArray(mentions) && chance(0.3)) {
      for (let i = 0; i < mentions.length; i++) {
        const item = mentions[i]
        if (typeof item === 'object' && item !== null) mentions[i] = reshape(item as Record<string, unknown>)
      }
    }
    return chance(0.4) ? reshape(message) : message
  }

  it('on 5,000 generated values', () => {
    let validCount = 0
    const disagreements: string[] = []
    for (let i = 0; i < 5000; i++) {
      const value = randomValue()
      const ours = messageProblem(value) === null
      const theirs = v.is(MessageSchema, value)
      if (theirs) validCount++
      if (ours !== theirs && disagreements.length < 5) disagreements.push(`#${i} valibot ${theirs}: ${inspect(value, { depth: 4, maxStringLength: 80 })}`)
    }
    expect(disagreements).toEqual([])
    // Both outcomes must be common, or the test would compare little.
    expect(validCount).toBeGreaterThan(500)
    expect(validCount).toBeLessThan(4500)
  })
})
