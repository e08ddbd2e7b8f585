// The rules of a chat document (`chat/<chatId>`, its epoch 0, and `chat/<chatId>/<n>`, epoch n):
// - before the chat exists, the first content of epoch 0 must carry a complete, valid `meta`
//   written by a member, naming two active people of the creator's organization;
// - after that `meta` never changes; an epoch n ≥ 1 has no `meta` at all and never creates a
//   chat (only members of a registered chat get in: access.ts);
// - `messages` only gains plain message objects whose author is the item's owner, with times no
//   later than the relay's clock allows, and a message can be deleted only by its author;
// - `reads` holds one entry per member, written only by that member.
// It judges a change before it is applied (policy.ts), so it reads the document as it was. A chat
// exists once its document holds `meta`: only a judged creation can have put it there (in this
// relay or another), so no index needs asking. Only a creation asks the directory (facts) for the
// creator and the members; a write to an existing chat is judged without waiting for anything.

import * as v from 'valibot'
import { ChatMetaSchema, ChatRoot, ReadMarkSchema, messageProblem, readMeta, type ChatMeta, type Message } from '@parley/chat-model'
import type { Directory } from '../accounts/accounts.ts'
import { OK, refuse, type Judgement, type PolicyContext, type PolicyFacts, type ProposedChange, type RoomPolicy } from './policy.ts'
import type { Insert } from './read-update.ts'

const META_KEYS = new Set(['id', 'members', 'createdBy', 'createdAt'])

export interface ChatPolicyOptions {
  chatId: string
  /** The room's epoch: 0 for `chat/<chatId>`, n for `chat/<chatId>/<n>` (0 when absent). */
  epoch?: number
  directory: Directory
  /** How far a time written by a client (a message's `at`, meta's `createdAt`) may be ahead of the relay's clock. */
  maxClockSkewMs: number
}

export function createChatPolicy(options: ChatPolicyOptions): RoomPolicy {
  return new ChatPolicy(options)
}

/**
 * A time written by a client may lie in the past (written offline days ago), never beyond the
 * relay's clock plus the allowed skew: an `at` of 1e300 would pin a chat on top of the other
 * person's list.
 */
const timeProblem = (at: unknown, now: number, maxClockSkewMs: number): string | null =>
  typeof at === 'number' && at > now + maxClockSkewMs ? 'a time ahead of the relay’s clock' : null

/** The meta the chat has once the change is applied: the document's, with this change's keys on top. */
function proposedMeta(change: ProposedChange): ChatMeta | string {
  const meta: Record<string, unknown> = { ...(readMeta(change.doc) ?? {}) }
  const deleted = new Set(change.deletes.filter((d) => d.ownInsert).map((d) => `${d.client}:${d.clock}`))
  const seen = new Set<string>()
  for (const insert of change.inserts) {
    if (insert.rootKey !== ChatRoot.meta || insert.parentSub === null || deleted.has(`${insert.client}:${insert.clock}`)) continue
    if (seen.has(insert.parentSub)) return 'a meta key is written twice'
    seen.add(insert.parentSub)
    meta[insert.parentSub] = insert.values?.[insert.values.length - 1]
  }
  const parsed = v.safeParse(ChatMetaSchema, meta)
  return parsed.success ? parsed.output : `invalid meta: ${parsed.issues[0].message}`
}

/** One object per loaded chat room with its methods on the prototype: no closures per room. */
class ChatPolicy implements RoomPolicy {
  readonly acceptsUpdates = true
  // meta is never removed once written: a document known to hold it is not read again (the hot
  // path, a message to an existing chat, then allocates nothing here).
  private known: ProposedChange['doc'] | null = null
  // An epoch room belongs to a chat that exists (its members alone get in): it is never created.
  private readonly later: boolean

  constructor(private readonly options: ChatPolicyOptions) {
    this.later = (options.epoch ?? 0) > 0
  }

  /** Looks up the creator and the members of a creation (null: nothing to ask, the judgement refuses or needs none). */
  facts(change: ProposedChange, ctx: PolicyContext): Promise<PolicyFacts> | null {
    if (this.exists(change.doc)) return null
    const meta = this.creationMeta(change, ctx)
    if (typeof meta === 'string') return null
    const ids = [...new Set([ctx.userId, ...meta.members])]
    return Promise.all(ids.map((id) => this.options.directory.userById(id))).then((people) => ({ people: new Map(ids.map((id, i) => [id, people[i] ?? null])) }))
  }

  judge(change: ProposedChange, ctx: PolicyContext, facts?: PolicyFacts): Judgement {
    const existing = this.exists(change.doc)
    for (const insert of change.inserts) {
      const reason = this.judgeInsert(insert, ctx, existing)
      if (reason) return refuse(reason)
    }
    for (const deletion of change.deletes) {
      if (deletion.rootKey === ChatRoot.meta && this.later) return refuse('an epoch room has no meta')
      if (deletion.rootKey === ChatRoot.meta && existing) return refuse('meta cannot change after the chat is created')
      if (ctx.ownerOf(deletion.client) !== ctx.userId) return refuse('only the author can delete what they wrote')
    }
    return existing ? OK : this.judgeCreation(change, ctx, facts)
  }

  private exists(doc: ProposedChange['doc']): boolean {
    if (this.later || this.known === doc) return true
    if (readMeta(doc) === null) return false
    this.known = doc
    return true
  }

  private judgeInsert(insert: Insert, ctx: PolicyContext, exists: boolean): string | null {
    const { values } = insert
    if (values === null) return 'chat documents hold plain values only'
    const owner = ctx.ownerOf(insert.client)
    const skew = this.options.maxClockSkewMs
    switch (insert.rootKey) {
      case ChatRoot.meta:
        if (this.later) return 'an epoch room has no meta'
        if (exists) return 'meta cannot change after the chat is created'
        if (insert.parentSub === null || !META_KEYS.has(insert.parentSub)) return 'unknown meta key'
        return null
      case ChatRoot.messages:
        if (insert.parentSub !== null) return 'messages is an array'
        for (const value of values) {
          // messageProblem, not MessageSchema: valibot here was 6.8% of the relay's CPU under load.
          const problem = messageProblem(value)
          if (problem !== null) return `invalid message: ${problem}`
          if ((value as Message).author !== owner) return 'a message must be written by its author'
          const late = timeProblem((value as Message).at, ctx.now, skew) ?? timeProblem((value as { editedAt?: unknown }).editedAt, ctx.now, skew)
          if (late) return `invalid message: ${late}`
        }
        return null
      case ChatRoot.reads:
        if (insert.parentSub !== owner) return 'a read mark can only be written by its member'
        for (const value of values) if (!v.is(ReadMarkSchema, value)) return 'invalid read mark'
        return null
      default:
        return 'unknown part of a chat document'
    }
  }

  /** The creation's meta when it passes every check that needs no directory; else the reason it fails. */
  private creationMeta(change: ProposedChange, ctx: PolicyContext): ChatMeta | string {
    if (!change.inserts.some((insert) => insert.rootKey === ChatRoot.meta) && !readMeta(change.doc)) return 'a new chat must carry its meta'
    const meta = proposedMeta(change)
    if (typeof meta === 'string') return meta
    if (meta.id !== this.options.chatId) return 'meta.id is not the room’s chat id'
    if (meta.createdBy !== ctx.userId) return 'meta.createdBy must be the creator'
    if (!meta.members.includes(ctx.userId)) return 'the creator must be a member'
    if (new Set(meta.members).size !== meta.members.length) return 'members repeat'
    const late = timeProblem(meta.createdAt, ctx.now, this.options.maxClockSkewMs)
    if (late) return `invalid meta: ${late}`
    return meta
  }

  private judgeCreation(change: ProposedChange, ctx: PolicyContext, facts: PolicyFacts | undefined): Judgement {
    const meta = this.creationMeta(change, ctx)
    if (typeof meta === 'string') return refuse(meta)
    if (!facts) return refuse('the chat’s people could not be checked')
    const creator = facts.people.get(ctx.userId)
    for (const member of meta.members) {
      const person = facts.people.get(member)
      if (!person || !creator || person.orgId !== creator.orgId) return refuse('every member must be in the creator’s organization')
      if (person.deactivatedAt !== undefined) return refuse('a member has left the organization')
    }
    return { ok: true, created: { meta, orgId: creator!.orgId } }
  }
}
