// The conversation, newest message on top, each of mine with its mark; messages the relay
// refused come first, each with Retry and Discard. Text is always rendered as text, never as HTML.

import { For, Show, createMemo } from 'solid-js'
import type { Message } from '@parley/chat-model'
import type { MessageMark as Mark } from '../state/chat.ts'
import { useWorkspace } from '../state/workspace.ts'
import { formatTime, formatWhen, isoOf } from '../lib/format.ts'
import { now } from '../lib/clock.ts'
import { MessageMark } from './MessageMark.tsx'
import { MessageText } from './MessageText.tsx'

export interface MessageListProps {
  /** Conversation order, oldest first. */
  messages: Message[]
  /** Refused messages set aside, oldest first; shown newest of all. */
  undelivered: Message[]
  marks: Record<string, Mark>
  loading: boolean
  otherName: string
  onRetry(messageId: string): void
  onDiscard(messageId: string): void
}

export function MessageList(props: MessageListProps) {
  const workspace = useWorkspace()
  // The store keeps each message object across updates, so a row is made once per message.
  const newestFirst = createMemo(() => [...props.messages, ...props.undelivered].reverse())
  const setAside = createMemo(() => new Set(props.undelivered.map((m) => m.id)))
  const markOf = (message: Message): Mark | undefined => (setAside().has(message.id) ? 'failed' : props.marks[message.id])

  return (
    <Show
      when={newestFirst().length > 0}
      fallback={<p class="muted empty-line">{props.loading ? 'Loading the conversation…' : `No messages yet. Say hello to ${props.otherName}.`}</p>}
    >
      <ol class="messages" aria-label="Messages, newest first">
        <For each={newestFirst()}>
          {(message) => {
            const mark = () => markOf(message)
            const mine = message.author === workspace.me.id
            const author = () => (mine ? 'You' : workspace.directory.nameOf(message.author))
            return (
              <li class="message" classList={{ mine, failed: mark() === 'failed' }}>
                <div class="message-meta">
                  <span class="message-author">{author()}</span>
                  <time datetime={isoOf(message.at)} title={new Date(message.at).toLocaleString()}>
                    {now() - message.at < 86_400_000 ? formatTime(message.at) : formatWhen(message.at, now())}
                  </time>
                  <Show when={mark()}>{(current) => <MessageMark mark={current()} />}</Show>
                </div>
                <MessageText class="message-text" text={message.text} mentions={message.mentions} />
                <Show when={mark() === 'failed'}>
                  <div class="message-failure">
                    <span>Not delivered.</span>
                    <button type="button" class="link-button" onClick={() => props.onRetry(message.id)}>
                      Retry
                    </button>
                    <button type="button" class="link-button danger" onClick={() => props.onDiscard(message.id)}>
                      Discard
                    </button>
                  </div>
                </Show>
              </li>
            )
          }}
        </For>
      </ol>
    </Show>
  )
}
