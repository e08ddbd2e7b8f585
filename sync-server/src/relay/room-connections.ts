// The open connections of each room, by room name, so that the relay can close them all with a
// code of its choosing (the room manager's own closing uses 1012 reload). It listens to every
// connection's close itself: one object for all of them, no closure per connection.

import type { ClosedListener, OpenConnection } from './connection.ts'

export class RoomConnections implements ClosedListener {
  private readonly byRoom = new Map<string, Set<OpenConnection>>()

  add(connection: OpenConnection): void {
    const room = connection.roomName
    let open = this.byRoom.get(room)
    if (!open) this.byRoom.set(room, (open = new Set()))
    open.add(connection)
    connection.onClosed(this)
  }

  closeRoom(room: string, code: number, reason: string): void {
    for (const connection of [...(this.byRoom.get(room) ?? [])]) connection.close(code, reason)
  }

  connectionClosed(connection: OpenConnection): void {
    const room = connection.roomName
    const open = this.byRoom.get(room)
    if (!open) return
    open.delete(connection)
    if (open.size === 0) this.byRoom.delete(room)
  }
}
