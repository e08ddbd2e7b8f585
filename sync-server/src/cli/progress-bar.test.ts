import { describe, expect, it } from 'vitest'
import { createProgressBar } from './progress-bar.ts'

const capture = (isTTY: boolean) => {
  const written: string[] = []
  return { out: { isTTY, write: (text: string) => void written.push(text) }, written }
}

describe('progress bar', () => {
  it('redraws one line in place on a terminal, only when it changes', () => {
    const { out, written } = capture(true)
    const bar = createProgressBar(out, 'Importing')
    bar.update(0, 2000)
    bar.update(0, 2000) // the same picture: not redrawn
    bar.update(1000, 2000)
    bar.update(2000, 2000)
    bar.finish()
    expect(written).toEqual([
      `\rImporting [${'.'.repeat(30)}]   0% 0/2,000`,
      `\rImporting [${'#'.repeat(15)}${'.'.repeat(15)}]  50% 1,000/2,000`,
      `\rImporting [${'#'.repeat(30)}] 100% 2,000/2,000`,
      '\n',
    ])
    expect(written.join('')).not.toMatch(/\u001b/)
  })

  it('writes a line per tenth of the work elsewhere', () => {
    const { out, written } = capture(false)
    const bar = createProgressBar(out, 'Importing')
    for (let done = 0; done <= 1000; done += 50) bar.update(done, 1000)
    bar.finish()
    expect(written).toHaveLength(11)
    expect(written[0]).toBe('Importing: 0% (0/1,000)\n')
    expect(written[5]).toBe('Importing: 50% (500/1,000)\n')
    expect(written[10]).toBe('Importing: 100% (1,000/1,000)\n')
  })

  it('shows an empty job as done', () => {
    const { out, written } = capture(false)
    createProgressBar(out, 'Importing').update(0, 0)
    expect(written).toEqual(['Importing: 100% (0/0)\n'])
  })
})
