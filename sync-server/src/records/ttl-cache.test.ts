import { describe, expect, it } from 'vitest'
import { createTtlCache } from './ttl-cache.ts'

const counter = () => {
  let calls = 0
  return { load: (value: string) => () => Promise.resolve(`${value}#${++calls}`), calls: () => calls }
}

describe('TTL cache', () => {
  it('reuses a value until it is older than the TTL', async () => {
    let now = 1_000
    const cache = createTtlCache<string>({ ttlMs: 100, maxEntries: 10, clock: () => now })
    const c = counter()
    expect(await cache.get('a', c.load('a'))).toBe('a#1')
    now += 99
    expect(await cache.get('a', c.load('a'))).toBe('a#1')
    now += 1
    expect(await cache.get('a', c.load('a'))).toBe('a#2')
    expect(await cache.get('b', c.load('b'))).toBe('b#3')
  })

  it('shares one load between concurrent asks', async () => {
    const cache = createTtlCache<string>({ ttlMs: 100, maxEntries: 10 })
    const c = counter()
    expect(await Promise.all([cache.get('a', c.load('a')), cache.get('a', c.load('a'))])).toEqual(['a#1', 'a#1'])
    expect(c.calls()).toBe(1)
  })

  it('does not keep a failure', async () => {
    const cache = createTtlCache<string>({ ttlMs: 100, maxEntries: 10 })
    await expect(cache.get('a', () => Promise.reject(new Error('host down')))).rejects.toThrow('host down')
    expect(await cache.get('a', () => Promise.resolve('back'))).toBe('back')
  })

  it('drops the least recently used key past its size', async () => {
    const cache = createTtlCache<string>({ ttlMs: 1_000, maxEntries: 2 })
    const c = counter()
    await cache.get('a', c.load('a'))
    await cache.get('b', c.load('b'))
    await cache.get('a', c.load('a')) // a is now the most recent
    await cache.get('c', c.load('c')) // b goes
    expect(cache.size).toBe(2)
    expect(await cache.get('a', c.load('a'))).toBe('a#1')
    expect(await cache.get('b', c.load('b'))).toBe('b#4')
  })

  it('keeps nothing with a TTL of 0', async () => {
    const cache = createTtlCache<string>({ ttlMs: 0, maxEntries: 10 })
    const c = counter()
    await cache.get('a', c.load('a'))
    expect(await cache.get('a', c.load('a'))).toBe('a#2')
    expect(cache.size).toBe(0)
  })
})
