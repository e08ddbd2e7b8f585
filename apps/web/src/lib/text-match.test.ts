import { describe, expect, it } from 'vitest'
import { foldText, matchesAll } from './text-match.ts'

describe('matchesAll', () => {
  it('ignores case and accents and needs every word', () => {
    expect(foldText('José ÁLVAREZ')).toBe('jose alvarez')
    expect(matchesAll('jose', ['José Álvarez', 'jose@acme.test'])).toBe(true)
    expect(matchesAll('álv jo', ['Jose Alvarez'])).toBe(true)
    expect(matchesAll('jose smith', ['José Álvarez'])).toBe(false)
    expect(matchesAll('acme.test', ['Bob', 'bob@acme.test'])).toBe(true)
    expect(matchesAll('  ', ['anything'])).toBe(true)
  })
})
