// localStorage for the embedded panel, where it may be missing: a browser that blocks third-party
// cookies (Chrome's setting, Chromium's default) blocks a cross-site frame's storage too, and
// every access throws. The panel then keeps its session in memory: it works online, and a
// reload asks the host for a new token.

const memory = new Map<string, string>()

export const frameStorage = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key)
    } catch {
      return memory.get(key) ?? null
    }
  },
  set(key: string, value: string): void {
    try {
      localStorage.setItem(key, value)
    } catch {
      memory.set(key, value)
    }
  },
  remove(key: string): void {
    memory.delete(key)
    try {
      localStorage.removeItem(key)
    } catch {
      // Blocked storage holds nothing to remove.
    }
  },
}
