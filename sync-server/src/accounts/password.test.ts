import { describe, expect, it } from 'vitest'
import { dummyHash, hashPassword, verifyPassword } from './password.ts'

const COST = 1024

describe('hashPassword', () => {
  it('writes scrypt$N$r$p$salt$hash with the cost and base64url parts', async () => {
    const hash = await hashPassword('correct horse', COST)
    const parts = hash.split('$')
    expect(parts).toHaveLength(6)
    expect(parts.slice(0, 4)).toEqual(['scrypt', '1024', '8', '1'])
    for (const part of parts.slice(4)) expect(part).toMatch(/^[A-Za-z0-9_-]{16,}$/)
  })

  it('salts every hash, so the same password hashes differently', async () => {
    expect(await hashPassword('same', COST)).not.toBe(await hashPassword('same', COST))
  })

  it('refuses a cost that is not a power of two', async () => {
    await expect(hashPassword('pw', 1000)).rejects.toThrow(RangeError)
  })
})

describe('verifyPassword', () => {
  it('accepts the password and rejects any other', async () => {
    const hash = await hashPassword('correct horse', COST)
    expect(await verifyPassword('correct horse', hash)).toBe(true)
    expect(await verifyPassword('correct horsf', hash)).toBe(false)
    expect(await verifyPassword('', hash)).toBe(false)
  })

  it('verifies with the cost stored in the hash, not the current setting', async () => {
    const cheap = await hashPassword('pw', 2048)
    expect(cheap.split('$')[1]).toBe('2048')
    expect(await verifyPassword('pw', cheap)).toBe(true)
  })

  it('treats a malformed or tampered hash as no match rather than an error', async () => {
    const hash = await hashPassword('pw', COST)
    const parts = hash.split('$')
    const malformed = [
      '',
      'plain',
      'bcrypt$1024$8$1$abc$def',
      parts.slice(0, 5).join('$'),
      ['scrypt', '1000', ...parts.slice(2)].join('$'),
      ['scrypt', String(2 ** 30), ...parts.slice(2)].join('$'),
      [...parts.slice(0, 4), '', parts[5]].join('$'),
    ]
    for (const stored of malformed) expect(await verifyPassword('pw', stored)).toBe(false)
  })

  it('normalizes Unicode, so the same characters typed two ways match', async () => {
    const hash = await hashPassword('caf\u00e9 au lait', COST)
    expect(await verifyPassword('cafe\u0301 au lait', hash)).toBe(true)
  })
})

describe('dummyHash', () => {
  it('is a real hash at the asked cost that no ordinary password matches, made once', async () => {
    const dummy = await dummyHash(COST)
    expect(dummy.split('$')[1]).toBe(String(COST))
    expect(await verifyPassword('parley', dummy)).toBe(false)
    expect(await dummyHash(COST)).toBe(dummy)
  })
})
