// Presence rooms (`presence/<orgId>`) carry awareness only: any document content is refused.
import { refuse, type RoomPolicy } from './policy.ts'

export function createPresencePolicy(): RoomPolicy {
  return {
    acceptsUpdates: false,
    judge: () => refuse('presence rooms carry no document content'),
  }
}
