// Who in my organization is online, from the awareness of the `presence/<orgId>` room. The room
// carries no document content; this module never writes to its Y.Doc. While this device is
// disconnected nobody's presence is known: the last known set is kept and `known` is false, so
// the UI greys it out instead of showing everyone offline. The relay sends only changes of others'
// states (compact presence), so their states are kept until it removes them (compact-awareness.ts).

import { createSignal, type Accessor } from 'solid-js'
import { presenceRoom } from '@parley/protocol'
import { openSyncDoc, type SyncDocOptions } from './sync-doc.ts'
import { keepRemoteStates } from './compact-awareness.ts'
import type { User } from './api.ts'
import { browserOnline } from './network.ts'

export interface Presence {
  /** Ids of the people with at least one connected client. */
  online: Accessor<ReadonlySet<string>>
  isOnline(userId: string): boolean
  /** False while this device is not connected: `online` is then the last known set. */
  known: Accessor<boolean>
  destroy(): void
}

interface PresenceState {
  user?: { id?: unknown }
  status?: unknown
}

export function createPresence(user: Pick<User, 'id' | 'name' | 'orgId'>, options: SyncDocOptions): Presence {
  const room = openSyncDoc(presenceRoom(user.orgId), { ...options, persistFor: undefined, compactPresence: true })
  const stopKeeping = keepRemoteStates(room.awareness, () => room.isConnected())
  const [online, setOnline] = createSignal<ReadonlySet<string>>(new Set(), {
    equals: (a, b) => a.size === b.size && [...a].every((id) => b.has(id)),
  })

  const refresh = () => {
    // The provider drops every remote state as its socket closes: that says nothing about them.
    if (!room.isConnected()) return
    const ids = new Set<string>()
    for (const state of room.awareness.getStates().values() as Iterable<PresenceState>) {
      if (state.status === 'online' && typeof state.user?.id === 'string') ids.add(state.user.id)
    }
    setOnline(ids)
  }
  room.awareness.on('change', refresh)
  room.awareness.setLocalState({ user: { id: user.id, name: user.name }, status: 'online' })

  return {
    online,
    isOnline: (userId) => online().has(userId),
    known: () => room.status() === 'connected' && browserOnline(),
    destroy() {
      room.awareness.off('change', refresh)
      stopKeeping()
      room.destroy()
    },
  }
}
