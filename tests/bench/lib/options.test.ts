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

  it('runs the multi-process section with --scale: both families on 1, 2 and 3 processes, into the docs', () => {
    const options = parseOptions(['--scale'])
    expect(options.scale).toBe(true)
    expect(options.scaleFamilies).toEqual(['parley-pg', 'hocuspocus-redis'])
    expect(options.processes).toEqual([1, 2, 3])
    expect(options.arms).toEqual(['parley'])
    expect(options.write).toBe('docs')
  })

  it('takes families with --scale --arms, whatever the order, and keeps a partial section out of the docs', () => {
    const options = parseOptions(['--arms', 'hocuspocus-redis', '--scale', '--processes', '1,2'])
    expect(options.scaleFamilies).toEqual(['hocuspocus-redis'])
    expect(options.processes).toEqual([1, 2])
    expect(options.write).toBe('artifacts')
    expect(parseOptions(['--scale', '--processes', '1,3']).write).toBe('artifacts')
    expect(parseOptions(['--scale', '--quick']).write).toBe('artifacts')
  })

  it('refuses what the multi-process section does not run', () => {
    expect(() => parseOptions(['--scale', '--only', 'W1,W2'])).toThrow(/--scale runs W2 and W3 only, not W1/)
    expect(() => parseOptions(['--scale', '--arms', 'raw-ws'])).toThrow(/unknown family raw-ws/)
    expect(() => parseOptions(['--scale', '--baseline', 'HEAD'])).toThrow(/no --baseline/)
    expect(() => parseOptions(['--processes', '2'])).toThrow(/--processes goes with --scale/)
    expect(() => parseOptions(['--scale', '--processes', '0'])).toThrow(/whole numbers from 1 to 8/)
  })
})
