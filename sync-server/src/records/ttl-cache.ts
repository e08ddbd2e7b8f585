// A small in-memory cache of promises with a time to live and a size bound, for answers of a
// host CRM. Concurrent asks for one key share one load; a failed load is not kept. Not shared
// between relay processes.

export interface TtlCache<V> {
  /** The cached value of `key` while it is fresh, else the result of `load` (then cached). */
  get(key: string, load: () => Promise<V>): Promise<V>
  readonly size: number
}

export interface TtlCacheOptions {
  ttlMs: number
  /** Past this many keys, the least recently used goes. */
  maxEntries: number
  clock?: () => number
}

export function createTtlCache<V>(options: TtlCacheOptions): TtlCache<V> {
  const clock = options.clock ?? Date.now
  // A Map iterates in insertion order; re-inserting on use makes its first key the least recent.
  const entries = new Map<string, { expires: number; value: Promise<V> }>()

  return {
    get(key, load) {
      const now = clock()
      const entry = entries.get(key)
      entries.delete(key)
      if (entry && entry.expires > now) {
        entries.set(key, entry)
        return entry.value
      }
      const value = load()
      if (options.ttlMs <= 0) return value
      entries.set(key, { expires: now + options.ttlMs, value })
      value.catch(() => {
        // Failures are the caller's to see, not the cache's to keep: the next ask tries again.
        if (entries.get(key)?.value === value) entries.delete(key)
      })
      for (const oldest of entries.keys()) {
        if (entries.size <= options.maxEntries) break
        entries.delete(oldest)
      }
      return value
    },
    get size() {
      return entries.size
    },
  }
}
