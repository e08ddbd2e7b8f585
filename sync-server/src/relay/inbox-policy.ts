// The rules of an inbox document (`inbox/<userId>`): its owner writes only their own view of
// each chat (`state`: open or closed, how much they have seen); the relay alone writes `chats`.

import * as v from 'valibot'
import { InboxRoot, InboxStateSchema } from '@parley/chat-model'
import { OK, refuse, type RoomPolicy } from './policy.ts'

export function createInboxPolicy(): RoomPolicy {
  return {
    acceptsUpdates: true,
    judge(change, ctx) {
      for (const insert of change.inserts) {
        if (insert.rootKey !== InboxRoot.state || insert.parentSub === null) return refuse('clients write only inbox state')
        if (insert.values === null || !insert.values.every((value) => v.is(InboxStateSchema, value))) return refuse('invalid inbox state')
      }
      for (const deletion of change.deletes) {
        if (ctx.ownerOf(deletion.client) !== ctx.userId) return refuse('clients cannot delete what the relay wrote')
      }
      return OK
    },
  }
}
