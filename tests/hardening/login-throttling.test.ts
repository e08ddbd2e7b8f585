// Item 7 of the hardening issue: sign-in attempts are throttled per account and per client
// address, with 429 too_many_attempts and Retry-After, and the same answers whether or not the
// email has an account. (The latency of a real sign-in during a flood is measured, not tested:
// see docs/security.md.)

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postJsonFrom, type SimpleResponse } from '../support/http-from.ts'
import { startTestRelay, type TestRelay } from '../support/relay.ts'

const PER_IP = 12
const PER_ACCOUNT = 4
let relay: TestRelay

beforeAll(async () => {
  relay = await startTestRelay({ loginAttemptsPerIp: PER_IP, loginFailuresPerAccount: PER_ACCOUNT })
})
afterAll(() => relay?.close())

const login = (from: string, email: string, password: string) => postJsonFrom(from, `${relay.url}/api/login`, { email, password })
const outcome = (res: SimpleResponse) => ({ status: res.status, error: (JSON.parse(res.body) as { error?: string }).error ?? 'ok' })

const expectThrottled = (res: SimpleResponse) => {
  expect(outcome(res)).toEqual({ status: 429, error: 'too_many_attempts' })
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
}

describe('login throttling per account', () => {
  it('pauses an account after its failures, from any address, and says for how long', async () => {
    for (let i = 0; i < PER_ACCOUNT; i++) expect(outcome(await login('127.0.0.11', 'alice@acme.test', 'wrong'))).toEqual({ status: 401, error: 'invalid_credentials' })
    const paused = await login('127.0.0.11', 'alice@acme.test', 'wrong')
    expectThrottled(paused)
    expect(Number(paused.headers['retry-after'])).toBeLessThanOrEqual(15 * 60)
    // Even the right password, even from elsewhere: the guesser must not learn it by its answer.
    expectThrottled(await login('127.0.0.12', 'Alice@Acme.test', 'parley'))
  })

  it('answers an unknown email exactly as a known one', async () => {
    const known: SimpleResponse[] = []
    const unknown: SimpleResponse[] = []
    for (let i = 0; i <= PER_ACCOUNT; i++) {
      known.push(await login('127.0.0.13', 'bob@acme.test', 'wrong'))
      unknown.push(await login('127.0.0.13', 'nobody@acme.test', 'wrong'))
    }
    // The same answers; a wait may differ by the second that ticked between the two requests.
    const answer = (res: SimpleResponse) => ({ status: res.status, body: res.body.replace(/\d+ s\./u, 'N s.') })
    expect(unknown.map(answer)).toEqual(known.map(answer))
    expect(known.at(-1)!.status).toBe(429)
    const waits = [known, unknown].map((answers) => Number(answers.at(-1)!.headers['retry-after']))
    expect(Math.abs(waits[0]! - waits[1]!)).toBeLessThanOrEqual(1)
  })

  it('starts the count over after a right password', async () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < PER_ACCOUNT - 1; i++) expect((await login('127.0.0.14', 'carol@acme.test', 'wrong')).status).toBe(401)
      expect((await login('127.0.0.14', 'carol@acme.test', 'parley')).status).toBe(200)
    }
  })
})

describe('login throttling per address', () => {
  it('pauses an address that tries many accounts, and only that address', async () => {
    for (let i = 0; i < PER_IP; i++) expect((await login('127.0.0.21', `guess${i}@acme.test`, 'wrong')).status).toBe(401)
    expectThrottled(await login('127.0.0.21', 'dave@acme.test', 'parley'))
    expect((await login('127.0.0.22', 'dave@acme.test', 'parley')).status).toBe(200)
  })
})

describe('password checks in flight per address', () => {
  let slow: TestRelay
  beforeAll(async () => {
    // The real cost, so that checks overlap: each takes about 100 ms on a hashing thread.
    slow = await startTestRelay({ scryptCost: 32768 })
  })
  afterAll(() => slow?.close())

  it('are at most four: a burst of guesses cannot queue ahead of everyone on the hashing threads', async () => {
    const burst = await Promise.all(
      Array.from({ length: 16 }, (_, i) => postJsonFrom('127.0.0.31', `${slow.url}/api/login`, { email: `burst${i}@acme.test`, password: 'wrong' })),
    )
    const refused = burst.filter((res) => res.status === 429)
    expect(burst.filter((res) => res.status === 401).length).toBeGreaterThanOrEqual(4)
    expect(refused.length).toBeGreaterThan(0)
    for (const res of refused) {
      expect(outcome(res)).toEqual({ status: 429, error: 'too_many_attempts' })
      expect(res.headers['retry-after']).toBe('1')
    }
    // Another address is not held up by that burst.
    expect((await postJsonFrom('127.0.0.32', `${slow.url}/api/login`, { email: 'erin@acme.test', password: 'parley' })).status).toBe(200)
  })
})
