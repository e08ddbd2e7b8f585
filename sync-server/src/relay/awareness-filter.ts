// Reading awareness updates defensively, and the shape every awareness state must have. The wire
// format is y-protocols': varUint(count) · count × [varUint(clientID) · varUint(clock) ·
// varString(JSON state)]. A state must be small, shallow and plain, so that encoding it again for
// every newcomer can never fail (arrays nested 200,000 deep parse, but do not stringify), and it
// must name its sender (`state.user.id`). Who owns which id is room-awareness.ts' business.

import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export interface AwarenessLimits {
  /** Largest JSON text of one state, in bytes. */
  maxStateBytes: number
  /** Awareness ids one connection may publish. */
  maxIdsPerPeer: number
}

/** How deep a state may nest (`{ user: { id } }` is 2) and how many values it may hold in all. */
export const MAX_STATE_DEPTH = 6
export const MAX_STATE_VALUES = 128
/** Entries one awareness message may carry (a client sends one; the relay's own replies are not read here). */
export const MAX_ENTRIES_PER_MESSAGE = 16

export interface AwarenessEntry {
  clientId: number
  clock: number
  state: unknown
  json: string
}

/** A malformed or over-limit awareness message: the connection that sent it is closed. */
export class AwarenessProblem extends Error {
  override name = 'AwarenessProblem'
}

/** Decodes an awareness update within `limits`; throws on malformed or oversized input. */
export function decodeAwarenessUpdate(update: Uint8Array, limits: Pick<AwarenessLimits, 'maxStateBytes'>): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  if (count > MAX_ENTRIES_PER_MESSAGE) throw new AwarenessProblem(`an awareness message carries at most ${MAX_ENTRIES_PER_MESSAGE} states`)
  const entries: AwarenessEntry[] = []
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const json = decoding.readVarString(decoder)
    if (clientId > 0xffffffff || clock > Number.MAX_SAFE_INTEGER / 2) throw new AwarenessProblem('an awareness id or clock out of range')
    if (Buffer.byteLength(json) > limits.maxStateBytes) throw new AwarenessProblem(`an awareness state is larger than ${limits.maxStateBytes} bytes`)
    if (nestingOf(json) > MAX_STATE_DEPTH) throw new AwarenessProblem(`an awareness state nests deeper than ${MAX_STATE_DEPTH}`)
    const state: unknown = JSON.parse(json)
    if (countValues(state) > MAX_STATE_VALUES) throw new AwarenessProblem(`an awareness state holds more than ${MAX_STATE_VALUES} values`)
    entries.push({ clientId, clock, state, json })
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

/** Why a (non-null) state may not be published by `userId`, or null when it may. */
export function stateProblem(state: unknown, userId: string): string | null {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return 'an awareness state is an object'
  const user = (state as { user?: unknown }).user
  if (typeof user !== 'object' || user === null || (user as { id?: unknown }).id !== userId) return 'an awareness state names its own user'
  return null
}

/** The deepest nesting of brackets in a JSON text, outside strings, read without parsing it. */
function nestingOf(json: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth)
    else if (c === 0x5d || c === 0x7d) depth--
  }
  return deepest
}

/** Values in a parsed state, counting every object, array and leaf (bounded depth: no recursion risk). */
function countValues(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 1
  let n = 1
  for (const child of Object.values(value)) n += countValues(child)
  return n
}
