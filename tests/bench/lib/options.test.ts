// The bench's command line: which arms run and where the report goes, without running anything.

import { describe, expect, it } from 'vitest'
import { ARM_IDS } from './arms.ts'
import { parseOptions } from './options.ts'

describe('parseOptions', () => {
  it('runs every arm into the docs by default', () => {
    const options = parseOptions([])
    expect(options.arms).toEqual([...ARM_IDS])
    expect(options.baseline).toBeNull()
    expect(options.write).toBe('docs')
  })

  it('takes --baseline and runs parley-before beside the named arms', () => {
    const options = parseOptions(['--only', 'W2', '--arms', 'parley,parley-before', '--baseline', 'fae12f9'])
    expect(options.baseline).toBe('fae12f9')
    expect(options.arms).toEqual(['parley', 'parley-before'])
    expect(options.write).toBe('artifacts')
  })

  it('adds parley-before when --baseline is given without naming it, whatever the order', () => {
    expect(parseOptions(['--baseline', 'HEAD~1', '--arms', 'parley']).arms).toEqual(['parley', 'parley-before'])
  })

  it('writes the docs for a run of every arm plus the baseline, as for any full run', () => {
    const options = parseOptions(['--baseline', 'fae12f9'])
    expect(options.arms).toEqual([...ARM_IDS, 'parley-before'])
    expect(options.write).toBe('docs')
  })

  it('keeps the docs when the baseline stands in for one of the four arms', () => {
    expect(parseOptions(['--arms', 'parley,hocuspocus,y-websocket,parley-before', '--baseline', 'fae12f9']).write).toBe('artifacts')
  })

  it('refuses parley-before without --baseline', () => {
    expect(() => parseOptions(['--arms', 'parley,parley-before'])).toThrow(/parley-before runs the relay of --baseline/)
    expect(() => parseOptions(['--cpu-prof', 'parley-before'])).toThrow(/--baseline/)
  })

  it('refuses an unknown arm and a --baseline without a ref', () => {
    expect(() => parseOptions(['--arms', 'parley,nope'])).toThrow(/unknown arm nope/)
    expect(() => parseOptions(['--baseline'])).toThrow(/--baseline needs a value/)
  })
})
