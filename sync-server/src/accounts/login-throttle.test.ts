import { describe, expect, it } from 'vitest'
import { CHECKS_IN_FLIGHT_PER_IP, createLoginThrottle, type Admission, type Admitted } from './login-throttle.ts'

const options = { attemptsPerIpPerMinute: 100, failuresPerAccount: 3, accountWindowMinutes: 15 }
const admitted = (admission: Admission): Admitted => {
  if (!('done' in admission)) throw new Error(`refused for ${admission.waitMs} ms`)
  return admission
}

describe('login throttle', () => {
  it('pauses an email after its failures, however it is typed, for the rest of the window', async () => {
    const throttle = createLoginThrottle(options)
    for (let i = 0; i < 3; i++) await admitted(await throttle.admit('a', 'Alice@Acme.test ')).done(false)
    const refused = await throttle.admit('b', 'alice@acme.test')
    expect(refused.waitMs).toBeGreaterThan(14 * 60 * 1000)
    expect(refused.waitMs).toBeLessThanOrEqual(15 * 60 * 1000)
  })

  it('counts attempts as they start, so parallel guesses cannot all pass', async () => {
    const throttle = createLoginThrottle(options)
    const all = await Promise.all(Array.from({ length: 3 }, (_, i) => throttle.admit(`ip${i}`, 'bob@acme.test')))
    expect(all.every((a) => a.waitMs === 0)).toBe(true)
    expect((await throttle.admit('ip9', 'bob@acme.test')).waitMs).toBeGreaterThan(0)
  })

  it('starts an email over after a right password', async () => {
    const throttle = createLoginThrottle(options)
    for (let i = 0; i < 2; i++) await admitted(await throttle.admit('a', 'carol@acme.test')).done(false)
    await admitted(await throttle.admit('a', 'carol@acme.test')).done(true)
    for (let i = 0; i < 3; i++) await admitted(await throttle.admit('a', 'carol@acme.test')).done(false)
  })

  it('lets one address run only a few checks at once, and frees the place when one ends', async () => {
    const throttle = createLoginThrottle(options)
    const running = []
    for (let i = 0; i < CHECKS_IN_FLIGHT_PER_IP; i++) running.push(admitted(await throttle.admit('a', `u${i}@acme.test`)))
    expect((await throttle.admit('a', 'more@acme.test')).waitMs).toBe(1000)
    expect((await throttle.admit('b', 'other@acme.test')).waitMs).toBe(0)
    await running[0]!.done(false)
    await running[0]!.done(false) // a second call changes nothing
    expect((await throttle.admit('a', 'more@acme.test')).waitMs).toBe(0)
    expect((await throttle.admit('a', 'again@acme.test')).waitMs).toBe(1000)
  })

  it('pauses an address past its attempts per minute', async () => {
    const throttle = createLoginThrottle({ ...options, attemptsPerIpPerMinute: 2 })
    for (let i = 0; i < 2; i++) await admitted(await throttle.admit('a', `u${i}@acme.test`)).done(false)
    expect((await throttle.admit('a', 'u9@acme.test')).waitMs).toBeGreaterThan(0)
  })
})
