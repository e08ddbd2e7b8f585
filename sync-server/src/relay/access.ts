// Who may enter which room: presence/<orgId> → people of that organization; inbox/<userId> → its
// owner; chat/<chatId> → its members. A chat that is not registered yet may be entered by anyone
// signed in, because its creator registers it by syncing it; the chat policy then checks the
// creator, and the relay closes everyone else in the room once it is registered. An epoch room
// chat/<chatId>/<n> is only for the members of a registered chat, and only up to its head: a
// later epoch is no room yet ('unknown').

import type { Room } from '@parley/protocol'
import type { User } from '../accounts/accounts.ts'
import type { ChatIndex } from '../chats/chat-index.ts'

export type Access = 'allowed' | 'forbidden' | 'unknown'

export async function roomAccess(user: User, room: Room, chats: Pick<ChatIndex, 'get'>): Promise<Access> {
  switch (room.kind) {
    case 'presence':
      return room.orgId === user.orgId ? 'allowed' : 'forbidden'
    case 'inbox':
      return room.userId === user.id ? 'allowed' : 'forbidden'
    case 'chat': {
      const chat = await chats.get(room.chatId)
      if (room.epoch === 0) return !chat || chat.members.includes(user.id) ? 'allowed' : 'forbidden'
      if (!chat || !chat.members.includes(user.id)) return 'forbidden'
      return room.epoch <= chat.head ? 'allowed' : 'unknown'
    }
  }
}
