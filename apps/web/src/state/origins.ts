// Typed transaction origins for the writes this app makes, so observers can tell the user's own
// writes from what arrives through the relay or from IndexedDB.

export const LocalOrigin = { kind: 'local-user' } as const
export type LocalOrigin = typeof LocalOrigin

export const isLocal = (origin: unknown): origin is LocalOrigin => origin === LocalOrigin
