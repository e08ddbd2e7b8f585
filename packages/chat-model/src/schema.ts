// The public data contract (v1) of the chat and inbox documents, as types and as valibot
// schemas. The relay validates every write against these; clients use them to read defensively.
// docs/protocol.md describes the same contract in prose.

import * as v from 'valibot'
import { isId } from '@parley/protocol'

/** Root type names of a chat document. */
export const ChatRoot = { meta: 'meta', messages: 'messages', reads: 'reads' } as const
/** Root type names of an inbox document. */
export const InboxRoot = { chats: 'chats', state: 'state' } as const

export const MAX_TEXT_LENGTH = 8000
export const MAX_MENTIONS = 50
export const RECORD_TYPES = ['candidate', 'contact', 'company', 'job', 'placement', 'person'] as const
export type RecordType = (typeof RECORD_TYPES)[number]

const Id = v.custom<string>(isId, 'must be a URL-safe id of 1 to 64 characters')
const Time = v.pipe(v.number(), v.integer(), v.minValue(0))

export const MentionSchema = v.strictObject({
  start: v.pipe(v.number(), v.integer(), v.minValue(0)),
  end: v.pipe(v.number(), v.integer(), v.minValue(1)),
  type: v.picklist(RECORD_TYPES),
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  label: v.pipe(v.string(), v.maxLength(300)),
})
export type Mention = v.InferOutput<typeof MentionSchema>

/**
 * One message. An edit replaces the author's item with a copy of the same `id` and `at`, new text
 * and `editedAt`; a deletion replaces it with a tombstone (`deleted: true`, empty text, no
 * mentions) that keeps the conversation's shape. Readers keep one item per id (`latestById`).
 */
export const MessageSchema = v.pipe(
  v.strictObject({
    id: Id,
    author: Id,
    text: v.pipe(v.string(), v.maxLength(MAX_TEXT_LENGTH)),
    at: Time,
    mentions: v.optional(v.pipe(v.array(MentionSchema), v.maxLength(MAX_MENTIONS))),
    /** When the author last edited or deleted it (ms since epoch). */
    editedAt: v.optional(Time),
    deleted: v.optional(v.literal(true)),
  }),
  v.check((m) => m.deleted === true || m.text.length >= 1, `text must be 1 to ${MAX_TEXT_LENGTH} characters`),
  v.check((m) => m.deleted !== true || (m.text === '' && (m.mentions ?? []).length === 0), 'a deleted message has empty text and no mentions'),
  v.check(
    (m) => (m.mentions ?? []).every((r) => r.start < r.end && r.end <= m.text.length),
    'every mention must be a non-empty range inside the text',
  ),
)
export type Message = v.InferOutput<typeof MessageSchema>

export const ChatMetaSchema = v.strictObject({
  id: Id,
  members: v.pipe(v.array(Id), v.minLength(2), v.maxLength(2)),
  createdBy: Id,
  createdAt: Time,
})
export type ChatMeta = v.InferOutput<typeof ChatMetaSchema>

/** What a member has read of a chat: the id of the newest message they have seen. */
export const ReadMarkSchema = v.strictObject({ upTo: Id, at: Time })
export type ReadMark = v.InferOutput<typeof ReadMarkSchema>

/** An inbox row written by the relay: one per chat the inbox owner is a member of. */
export const InboxChatSchema = v.strictObject({
  chatId: Id,
  members: v.array(Id),
  startedBy: Id,
  startedAt: Time,
  lastMessage: v.nullable(v.strictObject({ id: Id, author: Id, text: v.string(), at: Time })),
  /** All messages in the chat. */
  messageCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Messages written by others than the inbox owner. */
  fromOthers: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** fromOthers minus what the owner has marked seen in `state`. */
  unread: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The chat's head epoch, where new messages go (room chat/<chatId>/<head>); absent means 0. */
  head: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
})
export type InboxChat = v.InferOutput<typeof InboxChatSchema>

/** An inbox row written by the owner's clients. */
export const InboxStateSchema = v.strictObject({
  open: v.boolean(),
  /** How many of the chat's messages from others the owner has seen (compare `fromOthers`). */
  seen: v.pipe(v.number(), v.integer(), v.minValue(0)),
  updatedAt: Time,
})
export type InboxState = v.InferOutput<typeof InboxStateSchema>

/** Longest `lastMessage.text` the relay copies into inboxes. */
export const INBOX_PREVIEW_LENGTH = 200
