import { describe, expect, it } from 'vitest'
import { spreadEvenly } from './chats.ts'

describe('spreadEvenly', () => {
  it('keeps every item once, each list in its order', () => {
    const few = ['a', 'b', 'c']
    const many = Array.from({ length: 17 }, (_, i) => i)
    const out = spreadEvenly<string | number>(few, many)
    expect(out).toHaveLength(20)
    expect(out.filter((x) => typeof x === 'string')).toEqual(few)
    expect(out.filter((x) => typeof x === 'number')).toEqual(many)
  })

  it('puts a measuring sender in every run of total ÷ few consecutive sends, wherever the run starts', () => {
    const few = Array.from({ length: 100 }, () => 'measure')
    const many = Array.from({ length: 900 }, () => 'load')
    const out = spreadEvenly(few, many)
    for (let start = 0; start < out.length; start++) {
      const run = Array.from({ length: 10 }, (_, k) => out[(start + k) % out.length])
      expect(run.filter((x) => x === 'measure')).toHaveLength(1)
    }
  })
})
