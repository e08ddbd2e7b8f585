// How the relay arms start, without starting one.

import { describe, expect, it } from 'vitest'
import { relayNodeFlags } from './arms.ts'

describe('relayNodeFlags', () => {
  it('passes PARLEY_BENCH_NODE_FLAGS to the relay as separate arguments, whatever the spacing', () => {
    expect(relayNodeFlags(' --trace-gc \t --max-semi-space-size=64\n')).toEqual(['--trace-gc', '--max-semi-space-size=64'])
  })

  it('adds nothing when the variable is unset or empty', () => {
    expect(relayNodeFlags(undefined)).toEqual([])
    expect(relayNodeFlags('')).toEqual([])
  })
})
