// Room names shared by the relay and every client: `chat/<chatId>` (a chat's epoch 0) and
// `chat/<chatId>/<n>` (its epoch n ≥ 1), `inbox/<userId>`, `presence/<orgId>`. Parsing is strict
// so that a room name is never a path or a query, and each room has exactly one name.

export const RoomKind = {
  chat: 'chat',
  inbox: 'inbox',
  presence: 'presence',
} as const
export type RoomKind = (typeof RoomKind)[keyof typeof RoomKind]

export type Room =
  | { kind: 'chat'; name: string; chatId: string; epoch: number }
  | { kind: 'inbox'; name: string; userId: string }
  | { kind: 'presence'; name: string; orgId: string }

/** Ids in room names: URL-safe, 1..64 characters. Chat ids carry at least 128 random bits. */
const ID = /^[A-Za-z0-9_-]{1,64}$/

/** The highest epoch a chat room may name (a chat of a billion messages at the default size). */
export const MAX_EPOCH = 1_000_000
/** An epoch in a room name: decimal, no leading zero, 1..MAX_EPOCH (epoch 0 is `chat/<id>` alone). */
const EPOCH = /^[1-9][0-9]{0,6}$/

export const isId = (value: unknown): value is string => typeof value === 'string' && ID.test(value)

/**
 * Parses a room name. Returns `null` for anything that is not exactly `<kind>/<id>` with a
 * known kind and a well-formed id, or `chat/<id>/<n>` with an epoch n in 1..MAX_EPOCH.
 * @example parseRoom('chat/V1StGXR8_Z5jdHi6B-myTg') // { kind: 'chat', chatId: 'V1St…', epoch: 0, … }
 * @example parseRoom('chat/V1StGXR8_Z5jdHi6B-myTg/3') // { kind: 'chat', chatId: 'V1St…', epoch: 3, … }
 */
export function parseRoom(name: string): Room | null {
  const slash = name.indexOf('/')
  if (slash < 0) return null
  const kind = name.slice(0, slash)
  let id = name.slice(slash + 1)
  let epoch = 0
  const second = id.indexOf('/')
  if (second >= 0) {
    if (kind !== RoomKind.chat) return null
    const n = id.slice(second + 1)
    if (!EPOCH.test(n) || Number(n) > MAX_EPOCH) return null
    epoch = Number(n)
    id = id.slice(0, second)
  }
  if (!isId(id)) return null
  switch (kind) {
    case RoomKind.chat:
      return { kind, name, chatId: id, epoch }
    case RoomKind.inbox:
      return { kind, name, userId: id }
    case RoomKind.presence:
      return { kind, name, orgId: id }
    default:
      return null
  }
}

/**
 * The room of a chat's epoch: `chat/<chatId>` for epoch 0 (every chat's first, and all of a short
 * chat), `chat/<chatId>/<epoch>` after it.
 */
export const chatRoom = (chatId: string, epoch = 0) => (epoch === 0 ? `${RoomKind.chat}/${chatId}` : `${RoomKind.chat}/${chatId}/${epoch}`)
export const inboxRoom = (userId: string) => `${RoomKind.inbox}/${userId}`
export const presenceRoom = (orgId: string) => `${RoomKind.presence}/${orgId}`
