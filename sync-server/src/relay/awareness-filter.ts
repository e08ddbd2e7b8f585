// Keeps awareness honest: a connection may publish or remove only states of awareness client ids
// it owns, and every state it publishes must name its own user (`state.user.id`). Entries that
// break this are dropped, the rest are passed on. The wire format is y-protocols':
// varUint(count) · count × [varUint(clientID) · varUint(clock) · varString(JSON state)].

import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export interface AwarenessEntry {
  clientId: number
  clock: number
  state: unknown
  json: string
}

/** Decodes an awareness update; throws on malformed input. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const entries: AwarenessEntry[] = []
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const json = decoding.readVarString(decoder)
    entries.push({ clientId, clock, state: JSON.parse(json), json })
  }
  return entries
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.json)
  }
  return encoding.toUint8Array(encoder)
}

const userIdOf = (state: unknown): unknown =>
  typeof state === 'object' && state !== null && 'user' in state && typeof state.user === 'object' && state.user !== null && 'id' in state.user
    ? state.user.id
    : undefined

/**
 * The entries a connection of `userId` may send, given who owns which awareness client id in the
 * room (`owners`, updated here for ids claimed for the first time).
 */
export function allowedAwareness(entries: readonly AwarenessEntry[], userId: string, owners: Map<number, string>): AwarenessEntry[] {
  return entries.filter((entry) => {
    const owner = owners.get(entry.clientId)
    if (owner !== undefined && owner !== userId) return false
    if (entry.state !== null && userIdOf(entry.state) !== userId) return false
    if (owner === undefined) owners.set(entry.clientId, userId)
    return true
  })
}
