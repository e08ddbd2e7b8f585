import { describe, expect, it } from 'vitest'
import { portFor, spreadEvenly } from './chats.ts'

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

describe('portFor', () => {
  const target = (ports: number[]) => ({ arm: 'parley-pg-2' as const, port: ports[0]!, ports })

  it('puts the two members of every chat on different servers, and as many connections on each', () => {
    for (const ports of [[1, 2], [1, 2, 3]]) {
      const counts = new Map<number, number>()
      for (let chat = 0; chat < 300; chat++) {
        const creator = portFor(target(ports), 2 * chat)
        const other = portFor(target(ports), 2 * chat + 1)
        expect(creator).not.toBe(other)
        for (const p of [creator, other]) counts.set(p, (counts.get(p) ?? 0) + 1)
      }
      expect([...counts.values()]).toEqual(ports.map(() => 600 / ports.length))
    }
  })

  it('sends everyone to the one port of a one-process arm', () => {
    expect(portFor({ arm: 'parley', port: 7 }, 5)).toBe(7)
  })
})
