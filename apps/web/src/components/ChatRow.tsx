// One chat in Chat Home: who, the last message (or my draft) and when, the unread count, open
// (blue arrow, first in the tab order) and close (red X).

import { Show, createMemo } from 'solid-js'
import type { ChatSummary } from '../state/chat-list.ts'
import { useWorkspace } from '../state/workspace.ts'
import { now } from '../lib/clock.ts'
import { formatFull, formatWhen, isoOf } from '../lib/format.ts'
import { Avatar } from './Avatar.tsx'
import { PresenceDot } from './PresenceDot.tsx'
import { ArrowIcon, CloseIcon } from './icons.tsx'

export function ChatRow(props: { chat: ChatSummary }) {
  const workspace = useWorkspace()
  const name = createMemo(() => workspace.directory.nameOf(props.chat.otherId))
  const preview = createMemo(() => {
    const last = props.chat.lastMessage
    if (!last) return props.chat.startedBy === workspace.me.id ? 'You started this chat' : `${name()} started a chat with you`
    const text = last.text === '' ? 'Message deleted' : last.text
    return last.author === workspace.me.id ? `You: ${text}` : text
  })
  const draft = createMemo(() => workspace.drafts.get(props.chat.chatId)?.text)
  const open = () => workspace.openChat(props.chat.chatId)

  return (
    <li class="row" classList={{ unread: props.chat.unread > 0 }}>
      <div class="row-main" onClick={open}>
        <span class="avatar-wrap">
          <Avatar name={name()} />
          <PresenceDot online={workspace.presence.isOnline(props.chat.otherId)} known={workspace.presence.known()} />
        </span>
        <span class="row-text">
          <span class="row-top">
            <span class="row-name" dir="auto">
              {name()}
            </span>
            <time class="row-when" datetime={isoOf(props.chat.lastActivity)} title={formatFull(props.chat.lastActivity)}>
              {formatWhen(props.chat.lastActivity, now())}
            </time>
          </span>
          <Show
            when={draft()}
            fallback={
              <span class="row-preview" dir="auto">
                {preview()}
              </span>
            }
          >
            {(text) => (
              <span class="row-preview">
                <span class="draft-label">Draft:</span> <span dir="auto">{text()}</span>
              </span>
            )}
          </Show>
        </span>
        <Show when={props.chat.unread > 0}>
          <span class="unread-count">
            {props.chat.unread}
            <span class="sr-only"> unread</span>
          </span>
        </Show>
      </div>
      <div class="row-actions">
        <button type="button" class="icon-button accent" aria-label={`Open chat with ${name()}`} title="Open chat" onClick={open}>
          <ArrowIcon />
        </button>
        <button type="button" class="icon-button danger" aria-label={`Close chat with ${name()}`} title="Close chat" onClick={() => workspace.closeChat(props.chat.chatId)}>
          <CloseIcon />
        </button>
      </div>
    </li>
  )
}
