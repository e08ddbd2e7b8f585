// The rules of an inbox document (`inbox/<userId>`): its owner writes only their own view of
// each chat (`state`: open or closed, how much they have seen); the relay alone writes `chats`.

import * as v from 'valibot'
import * as Y from 'yjs'
import { InboxRoot, InboxStateSchema } from '@parley/chat-model'
import { OK, forEachDeleted, forEachInserted, plainValues, refuse, rootKeyOf, type RoomPolicy } from './policy.ts'

export function createInboxPolicy(): RoomPolicy {
  return {
    acceptsUpdates: true,
    judge(tr, ctx) {
      let reason: string | null = null
      forEachInserted(tr, (struct) => {
        if (reason || !(struct instanceof Y.Item)) return
        const values = plainValues(struct)
        if (rootKeyOf(struct) !== InboxRoot.state || struct.parentSub === null) reason = 'clients write only inbox state'
        else if (values === null || !values.every((value) => v.is(InboxStateSchema, value))) reason = 'invalid inbox state'
      })
      if (reason) return refuse(reason)
      forEachDeleted(tr, (item) => {
        if (!reason && ctx.ownerOf(item.id.client) !== ctx.userId) reason = 'clients cannot delete what the relay wrote'
      })
      return reason ? refuse(reason) : OK
    },
  }
}
