// Per-person write budgets, so that one member cannot fill the disk or the other people's chat
// lists: bytes of document updates per minute, and new chats per hour. Each is a token bucket
// that refills continuously. Budgets live in this process' memory: they restart with it, and
// several relay processes each keep their own (docs/security.md). The per-document size limit is
// the room's, which knows what it has stored.

export interface QuotaLimits {
  /** Bytes of updates one person may have stored per minute (a burst of one minute's worth). */
  bytesPerMinute: number
  /** Chats one person may create per hour. */
  chatsPerHour: number
}

export interface Quotas {
  /** Spends `bytes` of `userId`'s budget; returns why not (spending nothing) when it is short. */
  spendBytes(userId: string, bytes: number): string | null
  /** Spends one new chat of `userId`'s budget; returns why not when it is used up. */
  spendChat(userId: string): string | null
}

interface Bucket {
  tokens: number
  at: number
}

class Buckets {
  private readonly buckets = new Map<string, Bucket>()
  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    private readonly clock: () => number,
  ) {}

  spend(key: string, amount: number): boolean {
    const now = this.clock()
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now }
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs)
    bucket.at = now
    if (bucket.tokens < amount) {
      this.buckets.set(key, bucket)
      return false
    }
    bucket.tokens -= amount
    // A full bucket is the same as none: forget it, so the map holds only people writing now.
    if (bucket.tokens >= this.capacity) this.buckets.delete(key)
    else this.buckets.set(key, bucket)
    if (this.buckets.size > 10_000) this.sweep(now)
    return true
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.capacity) this.buckets.delete(key)
    }
  }
}

export function createQuotas(limits: QuotaLimits, clock: () => number = Date.now): Quotas {
  const bytes = new Buckets(limits.bytesPerMinute, limits.bytesPerMinute / 60_000, clock)
  const chats = new Buckets(limits.chatsPerHour, limits.chatsPerHour / 3_600_000, clock)
  return {
    spendBytes: (userId, n) =>
      bytes.spend(userId, Math.min(n, limits.bytesPerMinute)) ? null : `over the limit of ${limits.bytesPerMinute} bytes written per minute`,
    spendChat: (userId) => (chats.spend(userId, 1) ? null : `over the limit of ${limits.chatsPerHour} new chats per hour`),
  }
}
