// The open connections of each room, by room name, so that the relay can close them all with a
// code of its choosing (the room manager's own closing uses 1012 reload).

import type { OpenConnection } from './connection.ts'

export interface RoomConnections {
  add(room: string, connection: OpenConnection): void
  closeRoom(room: string, code: number, reason: string): void
}

export function createRoomConnections(): RoomConnections {
  const byRoom = new Map<string, Set<OpenConnection>>()
  return {
    add(room, connection) {
      let open = byRoom.get(room)
      if (!open) byRoom.set(room, (open = new Set()))
      open.add(connection)
      connection.onClosed(() => {
        open.delete(connection)
        if (open.size === 0 && byRoom.get(room) === open) byRoom.delete(room)
      })
    },
    closeRoom(room, code, reason) {
      for (const connection of [...(byRoom.get(room) ?? [])]) connection.close(code, reason)
    },
  }
}
