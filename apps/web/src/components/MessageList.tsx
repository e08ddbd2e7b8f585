// The conversation, newest message on top, under a divider for each day; consecutive messages of
// one person within a few minutes share one header. Messages the relay refused come first, each
// with Retry and Discard. Older messages load as the end of the list comes into sight; only
// messages held in a document on this device can be edited or deleted here (the others came
// from history pages). Text is always rendered as text, never as HTML.

import { For, Show, createMemo } from 'solid-js'
import type { Mention, Message } from '@parley/chat-model'
import type { MessageMark as Mark, OlderState } from '../state/chat.ts'
import { formatDay, sameDay } from '../lib/format.ts'
import { now } from '../lib/clock.ts'
import { MessageItem } from './MessageItem.tsx'
import { OlderMessages } from './OlderMessages.tsx'

/** Messages of one person this close together share a header. */
const GROUP_MS = 5 * 60_000

export interface MessageListProps {
  /** Conversation order, oldest first. */
  messages: Message[]
  /** Refused messages set aside, oldest first; shown newest of all. */
  undelivered: Message[]
  marks: Record<string, Mark>
  /** Messages held in a document on this device, by id: the ones that can be edited here. */
  held: Record<string, true>
  /** Whether older messages are left to load. */
  older: OlderState
  onLoadOlder(): void
  loading: boolean
  otherName: string
  onRetry(messageId: string): void
  onDiscard(messageId: string): void
  /** A message to bring into view and highlight (a search hit). */
  found?: string | undefined
  onEdit(messageId: string, text: string, mentions: Mention[]): boolean
  onDelete(messageId: string): void
}

export function MessageList(props: MessageListProps) {
  // The store keeps each message object across updates, so a row is made once per message.
  const newestFirst = createMemo(() => [...props.messages, ...props.undelivered].reverse())
  const setAside = createMemo(() => new Set(props.undelivered.map((m) => m.id)))
  const markOf = (message: Message): Mark | undefined => (setAside().has(message.id) ? 'failed' : props.marks[message.id])

  return (
    <Show
      when={newestFirst().length > 0 || props.older !== 'done'}
      fallback={<p class="muted empty-line">{props.loading ? 'Loading the conversation…' : `No messages yet. Say hello to ${props.otherName}.`}</p>}
    >
      <ol class="messages" aria-label="Messages, newest first">
        <For each={newestFirst()}>
          {(message, index) => {
            const newer = () => newestFirst()[index() - 1]
            // The newest message of its day opens the day (newest on top, so its divider goes above).
            const startsDay = () => {
              const above = newer()
              return !above || !sameDay(above.at, message.at)
            }
            const continues = () => {
              const above = newer()
              return !startsDay() && above !== undefined && above.author === message.author && above.at - message.at < GROUP_MS && !above.deleted
            }
            return (
              <>
                <Show when={startsDay()}>
                  <li class="day-divider">{formatDay(message.at, now())}</li>
                </Show>
                <MessageItem
                  message={message}
                  mark={markOf(message)}
                  grouped={continues()}
                  found={props.found === message.id}
                  editable={props.held[message.id] === true && !setAside().has(message.id) && markOf(message) !== 'failed'}
                  onRetry={() => props.onRetry(message.id)}
                  onDiscard={() => props.onDiscard(message.id)}
                  onEdit={(text, mentions) => props.onEdit(message.id, text, mentions)}
                  onDelete={() => props.onDelete(message.id)}
                />
              </>
            )
          }}
        </For>
        <OlderMessages state={props.older} onLoad={props.onLoadOlder} />
      </ol>
    </Show>
  )
}
