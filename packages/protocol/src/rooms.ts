// Room names shared by the relay and every client: `chat/<chatId>`, `inbox/<userId>`,
// `presence/<orgId>`. Parsing is strict so that a room name is never a path or a query.

export const RoomKind = {
  chat: 'chat',
  inbox: 'inbox',
  presence: 'presence',
} as const
export type RoomKind = (typeof RoomKind)[keyof typeof RoomKind]

export type Room =
  | { kind: 'chat'; name: string; chatId: string }
  | { kind: 'inbox'; name: string; userId: string }
  | { kind: 'presence'; name: string; orgId: string }

/** Ids in room names: URL-safe, 1..64 characters. Chat ids carry at least 128 random bits. */
const ID = /^[A-Za-z0-9_-]{1,64}$/

export const isId = (value: unknown): value is string => typeof value === 'string' && ID.test(value)

/**
 * Parses a room name. Returns `null` for anything that is not exactly `<kind>/<id>` with a
 * known kind and a well-formed id.
 * @example parseRoom('chat/V1StGXR8_Z5jdHi6B-myTg') // { kind: 'chat', chatId: 'V1St…', … }
 */
export function parseRoom(name: string): Room | null {
  const slash = name.indexOf('/')
  if (slash < 0) return null
  const kind = name.slice(0, slash)
  const id = name.slice(slash + 1)
  if (!isId(id)) return null
  switch (kind) {
    case RoomKind.chat:
      return { kind, name, chatId: id }
    case RoomKind.inbox:
      return { kind, name, userId: id }
    case RoomKind.presence:
      return { kind, name, orgId: id }
    default:
      return null
  }
}

export const chatRoom = (chatId: string) => `${RoomKind.chat}/${chatId}`
export const inboxRoom = (userId: string) => `${RoomKind.inbox}/${userId}`
export const presenceRoom = (orgId: string) => `${RoomKind.presence}/${orgId}`
