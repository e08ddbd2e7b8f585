// The conversation, newest message on top. Text is always rendered as text, never as HTML.

import { For, Show, createMemo } from 'solid-js'
import type { Message } from '@parley/chat-model'
import { useWorkspace } from '../state/workspace.ts'
import { formatTime, formatWhen, isoOf } from '../lib/format.ts'
import { now } from '../lib/clock.ts'

export function MessageList(props: { messages: Message[]; loading: boolean; otherName: string }) {
  const workspace = useWorkspace()
  const newestFirst = createMemo(() => [...props.messages].reverse())

  return (
    <Show
      when={newestFirst().length > 0}
      fallback={<p class="muted empty-line">{props.loading ? 'Loading the conversation…' : `No messages yet. Say hello to ${props.otherName}.`}</p>}
    >
      <ol class="messages" aria-label="Messages, newest first">
        <For each={newestFirst()}>
          {(message) => {
            const mine = message.author === workspace.me.id
            const author = () => (mine ? 'You' : workspace.directory.nameOf(message.author))
            return (
              <li class="message" classList={{ mine }}>
                <div class="message-meta">
                  <span class="message-author">{author()}</span>
                  <time datetime={isoOf(message.at)} title={new Date(message.at).toLocaleString()}>
                    {now() - message.at < 86_400_000 ? formatTime(message.at) : formatWhen(message.at, now())}
                  </time>
                </div>
                <p class="message-text">{message.text}</p>
              </li>
            )
          }}
        </For>
      </ol>
    </Show>
  )
}
