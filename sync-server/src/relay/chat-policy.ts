// The rules of a chat document (`chat/<chatId>`):
// - before the chat is registered, the first content must carry a complete, valid `meta` written
//   by a member, naming two people of the creator's organization;
// - after that `meta` never changes;
// - `messages` only gains plain message objects whose author is the item's owner, and a message
//   can be deleted only by its author;
// - `reads` holds one entry per member, written only by that member.

import * as v from 'valibot'
import * as Y from 'yjs'
import { ChatMetaSchema, ChatRoot, ReadMarkSchema, messageProblem, readMeta, type ChatMeta, type Message } from '@parley/chat-model'
import type { Directory } from '../accounts/accounts.ts'
import { OK, forEachDeleted, forEachInserted, plainValues, refuse, rootKeyOf, type Judgement, type RoomPolicy } from './policy.ts'

const META_KEYS = new Set(['id', 'members', 'createdBy', 'createdAt'])

export interface ChatPolicyOptions {
  chatId: string
  directory: Directory
  /** Whether the chat is already in the index (its meta is then final). */
  isRegistered(): boolean
}

export function createChatPolicy(options: ChatPolicyOptions): RoomPolicy {
  const judgeInsert = (item: Y.Item, owner: string | undefined, registered: boolean): string | null => {
    const key = rootKeyOf(item)
    const values = plainValues(item)
    if (values === null) return 'chat documents hold plain values only'
    switch (key) {
      case ChatRoot.meta:
        if (registered) return 'meta cannot change after the chat is created'
        if (item.parentSub === null || !META_KEYS.has(item.parentSub)) return 'unknown meta key'
        return null
      case ChatRoot.messages:
        if (item.parentSub !== null) return 'messages is an array'
        for (const value of values) {
          // messageProblem, not MessageSchema: valibot here was 6.8% of the relay's CPU under load.
          const problem = messageProblem(value)
          if (problem !== null) return `invalid message: ${problem}`
          if ((value as Message).author !== owner) return 'a message must be written by its author'
        }
        return null
      case ChatRoot.reads:
        if (item.parentSub !== owner) return 'a read mark can only be written by its member'
        for (const value of values) if (!v.is(ReadMarkSchema, value)) return 'invalid read mark'
        return null
      default:
        return 'unknown part of a chat document'
    }
  }

  const judgeCreation = (doc: Y.Doc, userId: string): Judgement => {
    const meta = readMeta(doc)
    if (!meta) return refuse('a new chat must carry its meta')
    const parsed = v.safeParse(ChatMetaSchema, meta)
    if (!parsed.success) return refuse(`invalid meta: ${parsed.issues[0].message}`)
    if (meta.id !== options.chatId) return refuse('meta.id is not the room’s chat id')
    if (meta.createdBy !== userId) return refuse('meta.createdBy must be the creator')
    if (!meta.members.includes(userId)) return refuse('the creator must be a member')
    if (new Set(meta.members).size !== meta.members.length) return refuse('members repeat')
    const creator = options.directory.userById(userId)
    for (const member of meta.members) {
      const person = options.directory.userById(member)
      if (!person || !creator || person.orgId !== creator.orgId) return refuse('every member must be in the creator’s organization')
    }
    return { ok: true, created: meta satisfies ChatMeta }
  }

  return {
    acceptsUpdates: true,
    judge(tr, ctx) {
      const registered = options.isRegistered()
      let reason: string | null = null
      forEachInserted(tr, (struct) => {
        if (reason || !(struct instanceof Y.Item)) return
        reason = judgeInsert(struct, ctx.ownerOf(struct.id.client), registered)
      })
      if (reason) return refuse(reason)
      forEachDeleted(tr, (item) => {
        if (reason) return
        const key = rootKeyOf(item)
        if (key === ChatRoot.meta && registered) reason = 'meta cannot change after the chat is created'
        else if (ctx.ownerOf(item.id.client) !== ctx.userId) reason = 'only the author can delete what they wrote'
      })
      if (reason) return refuse(reason)
      return registered ? OK : judgeCreation(tr.doc, ctx.userId)
    },
  }
}
