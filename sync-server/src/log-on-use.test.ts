// A session's logger makes its pino child only when a line is written at an enabled level, and
// then writes exactly what the child would have: the bindings, the fields, the formatted message.

import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { childOnUse } from './log-on-use.ts'

function rootLogger() {
  const lines: Array<Record<string, unknown>> = []
  let children = 0
  const root = pino({ level: 'info', onChild: () => children++ }, { write: (line: string) => void lines.push(JSON.parse(line)) })
  return { root, lines, children: () => children }
}

describe('childOnUse', () => {
  it('makes no child until a line is written, and none for a level that is off', () => {
    const { root, lines, children } = rootLogger()
    const log = childOnUse(root, { requestId: 'r-1', user: 'u-1' })
    expect(children()).toBe(0)
    log.debug({ event: 'quiet' }, 'not written at info')
    expect(children()).toBe(0)
    expect(lines).toEqual([])
  })

  it('writes the bindings on every line, with pino’s call forms, from one child', () => {
    const { root, lines, children } = rootLogger()
    const log = childOnUse(root, { requestId: 'r-1', user: 'u-1' })
    log.info({ event: 'ws_session', bytesIn: 3 }, 'websocket %s', 'session')
    log.warn('a plain message')
    log.error({ event: 'failed' })
    expect(children()).toBe(1)
    expect(lines.map(({ level, requestId, user, msg, event }) => ({ level, requestId, user, msg, event }))).toEqual([
      { level: 30, requestId: 'r-1', user: 'u-1', msg: 'websocket session', event: 'ws_session' },
      { level: 40, requestId: 'r-1', user: 'u-1', msg: 'a plain message', event: undefined },
      { level: 50, requestId: 'r-1', user: 'u-1', msg: undefined, event: 'failed' },
    ])
    expect(lines[0]!.bytesIn).toBe(3)
  })
})
