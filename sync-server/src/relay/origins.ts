// Typed transaction origins, so that every observer can tell where a change came from:
// a client connection, the store (loading), the relay itself (inbox rows), or another relay
// process (through the bus).

export type Origin =
  | { readonly kind: 'connection'; readonly id: number; readonly userId: string }
  | { readonly kind: 'storage' }
  | { readonly kind: 'relay' }
  | { readonly kind: 'bus' }

export const STORAGE: Origin = Object.freeze({ kind: 'storage' })
export const RELAY: Origin = Object.freeze({ kind: 'relay' })
export const BUS: Origin = Object.freeze({ kind: 'bus' })

/**
 * The user id the relay binds its own Yjs client ids to. `~` cannot occur in a real id, so no
 * person can ever be this user.
 */
export const RELAY_USER = '~relay'

export const isOrigin = (value: unknown): value is Origin =>
  typeof value === 'object' && value !== null && 'kind' in value
