// Password hashing with scrypt (node:crypto). The cost travels inside each hash string, so
// raising PARLEY_SCRYPT_COST affects new hashes without breaking old ones. No rehash-on-login yet.

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/** Block size and parallelism: scrypt's usual values; only N is configurable. */
const R = 8
const P = 1
const SALT_BYTES = 16
const KEY_BYTES = 32
/** Bounds on N read back from a stored hash, so that a corrupt row cannot ask for gigabytes. */
const MIN_COST = 2
const MAX_COST = 2 ** 20

const derive = (password: string, salt: Buffer, n: number, r: number, p: number, keyBytes: number) =>
  new Promise<Buffer>((resolve, reject) => {
    // Node refuses costs above maxmem (32 MiB by default, exactly what N=32768 needs), so allow
    // twice what this N and r take.
    const options: ScryptOptions = { N: n, r, p, maxmem: 256 * n * r }
    scrypt(password.normalize('NFKC'), salt, keyBytes, options, (err, key) => (err ? reject(err) : resolve(key)))
  })

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0

/**
 * Hashes a password as `scrypt$N$r$p$<salt>$<hash>` (salt and hash base64url).
 * @example await hashPassword('correct horse', 32768) // 'scrypt$32768$8$1$…$…'
 */
export async function hashPassword(password: string, cost: number): Promise<string> {
  if (!isPowerOfTwo(cost) || cost > MAX_COST) throw new RangeError(`scrypt cost must be a power of two up to ${MAX_COST}, got ${cost}`)
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, cost, R, P, KEY_BYTES)
  return ['scrypt', cost, R, P, salt.toString('base64url'), key.toString('base64url')].join('$')
}

interface ParsedHash {
  n: number
  r: number
  p: number
  salt: Buffer
  key: Buffer
}

const parse = (stored: string): ParsedHash | null => {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])]
  if (!isPowerOfTwo(n) || n < MIN_COST || n > MAX_COST) return null
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return null
  const salt = Buffer.from(parts[4]!, 'base64url')
  const key = Buffer.from(parts[5]!, 'base64url')
  if (salt.length < 8 || key.length < 16) return null
  return { n, r, p, salt, key }
}

/**
 * True when `password` matches a hash made by hashPassword. A malformed stored hash is simply
 * not a match: login fails rather than the request.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored)
  if (!parsed) return false
  const key = await derive(password, parsed.salt, parsed.n, parsed.r, parsed.p, parsed.key.length)
  return timingSafeEqual(key, parsed.key)
}

const dummies = new Map<number, Promise<string>>()

/**
 * A hash of a random password at `cost`, made once per cost and kept. Checking a login for an
 * unknown email against it costs what checking a real hash costs, so response time does not
 * tell whether the email has an account.
 */
export function dummyHash(cost: number): Promise<string> {
  let hash = dummies.get(cost)
  if (!hash) {
    hash = hashPassword(randomBytes(18).toString('base64url'), cost)
    dummies.set(cost, hash)
  }
  return hash
}
