// Slows down password guessing: sign-in attempts are counted per client address and per
// account (the email as typed, known or not, so the answer never tells whether it exists).
// In memory, per relay process: several relays behind one balancer each keep their own count.

import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'

export interface LoginThrottleOptions {
  /** Attempts one address may make per minute, right or wrong. */
  attemptsPerIpPerMinute: number
  /** Failed attempts one account may see per window before it is paused. */
  failuresPerAccount: number
  /** The window of failuresPerAccount, in minutes. */
  accountWindowMinutes: number
}

export interface LoginThrottle {
  /**
   * Counts an attempt by `ip` on `email` before its password is checked: 0 when it may go on,
   * else how many ms to wait. A refused attempt costs no hashing.
   */
  admit(ip: string, email: string): Promise<number>
  /** The password was right: the account's count starts over. */
  succeeded(email: string): Promise<void>
}

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
  return {
    async admit(ip, email) {
      try {
        await perIp.consume(ip)
        await perAccount.consume(accountKey(email))
        return 0
      } catch (refusal) {
        return waitOf(refusal)
      }
    },
    async succeeded(email) {
      await perAccount.delete(accountKey(email))
    },
  }
}
