// Slows down password guessing: sign-in attempts are counted per client address and per
// account (the email as typed, known or not, so the answer never tells whether it exists), and
// one address has only a few password checks running at once, so that a burst of guesses cannot
// fill the hashing threads ahead of everyone else. In memory, per relay process: several relays
// behind one balancer each keep their own count.

import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'

export interface LoginThrottleOptions {
  /** Attempts one address may make per minute, right or wrong. */
  attemptsPerIpPerMinute: number
  /** Failed attempts one account may see per window before it is paused. */
  failuresPerAccount: number
  /** The window of failuresPerAccount, in minutes. */
  accountWindowMinutes: number
}

/** An attempt let through: call `done` once its password has been checked. */
export interface Admitted {
  waitMs: 0
  /** Ends the attempt; a right password starts the account's count over. */
  done(passwordWasRight: boolean): Promise<void>
}
export type Admission = Admitted | { waitMs: number }

export interface LoginThrottle {
  /**
   * Counts an attempt by `ip` on `email` before its password is checked. A refused attempt
   * (`waitMs` > 0: how long to wait) costs no hashing.
   */
  admit(ip: string, email: string): Promise<Admission>
}

/**
 * Password checks one address may have running at once: libuv's thread pool has four threads,
 * and scrypt takes one each, so a fifth check would only queue behind the others.
 */
export const CHECKS_IN_FLIGHT_PER_IP = 4
/** What a refusal for too many checks at once says to wait: they take about 100 ms each. */
const IN_FLIGHT_WAIT_MS = 1000

/** The window of PARLEY_LOGIN_FAILURES_PER_ACCOUNT. */
export const LOGIN_ACCOUNT_WINDOW_MINUTES = 15

/** The same key for the same account however it was typed (accounts compare emails that way). */
const accountKey = (email: string) => email.trim().toLowerCase()

/** How long a refusal says to wait; anything else from the limiter is a bug and is thrown. */
const waitOf = (refusal: unknown): number => {
  if (refusal instanceof RateLimiterRes) return Math.max(1, refusal.msBeforeNext)
  throw refusal
}

export function createLoginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const perIp = new RateLimiterMemory({ keyPrefix: 'login-ip', points: options.attemptsPerIpPerMinute, duration: 60 })
  // Attempts are counted as they start and given back on success, so that many guesses sent at
  // once cannot all pass before the first of them has failed.
  const perAccount = new RateLimiterMemory({
    keyPrefix: 'login-account',
    points: options.failuresPerAccount,
    duration: options.accountWindowMinutes * 60,
  })
  const inFlight = new Map<string, number>()
  const release = (ip: string) => {
    const left = (inFlight.get(ip) ?? 1) - 1
    if (left > 0) inFlight.set(ip, left)
    else inFlight.delete(ip)
  }
  return {
    async admit(ip, email) {
      if ((inFlight.get(ip) ?? 0) >= CHECKS_IN_FLIGHT_PER_IP) return { waitMs: IN_FLIGHT_WAIT_MS }
      try {
        await perIp.consume(ip)
        await perAccount.consume(accountKey(email))
      } catch (refusal) {
        return { waitMs: waitOf(refusal) }
      }
      inFlight.set(ip, (inFlight.get(ip) ?? 0) + 1)
      let ended = false
      return {
        waitMs: 0,
        async done(passwordWasRight) {
          if (ended) return
          ended = true
          release(ip)
          if (passwordWasRight) await perAccount.delete(accountKey(email))
        },
      }
    },
  }
}
