// Chat History: my chats, most recent first, 25 at a time, with who and when each started. A
// closed chat can be read as it is, or restarted (reopened, carrying on where it left off).

import { For, Show, createMemo, createSignal } from 'solid-js'
import { config } from '../config.ts'
import type { ChatSummary } from '../state/chat-list.ts'
import { useWorkspace } from '../state/workspace.ts'
import { formatFull, formatStarted, isoOf } from '../lib/format.ts'
import { now } from '../lib/clock.ts'
import { Avatar } from './Avatar.tsx'
import { ViewHeading } from './ViewHeading.tsx'
import { ArrowIcon, EyeIcon, RestartIcon } from './icons.tsx'

export function ChatHistory() {
  const workspace = useWorkspace()
  const [shown, setShown] = createSignal<number>(config.historyPageSize)
  const page = createMemo(() => workspace.chats.all().slice(0, shown()))

  return (
    <div class="view">
      <ViewHeading>Chat History</ViewHeading>
      <Show
        when={workspace.chats.all().length > 0}
        fallback={
          <div class="empty">
            <p class="empty-title">No chats yet</p>
            <p class="muted">Every chat you start or receive is kept here, open or closed.</p>
          </div>
        }
      >
        <ul class="rows" aria-label="Chat History">
          <For each={page()}>{(chat) => <HistoryRow chat={chat} />}</For>
        </ul>
        <Show when={workspace.chats.all().length > shown()}>
          <button type="button" class="button secondary wide" onClick={() => setShown((n) => n + config.historyPageSize)}>
            Show more
          </button>
        </Show>
      </Show>
    </div>
  )
}

function HistoryRow(props: { chat: ChatSummary }) {
  const workspace = useWorkspace()
  const name = createMemo(() => workspace.directory.nameOf(props.chat.otherId))
  return (
    <li class="row history">
      <Avatar name={name()} />
      <span class="row-text">
        <span class="row-top">
          <span class="row-name" dir="auto">
            {name()}
          </span>
          <span class="chip" classList={{ closed: !props.chat.open }}>
            {props.chat.open ? 'Open' : 'Closed'}
          </span>
        </span>
        <span class="row-preview">
          Started{' '}
          <time datetime={isoOf(props.chat.startedAt)} title={formatFull(props.chat.startedAt)}>
            {formatStarted(props.chat.startedAt, now())}
          </time>
        </span>
      </span>
      <div class="row-actions">
        <Show
          when={!props.chat.open}
          fallback={
            <button type="button" class="icon-button accent" aria-label={`Open chat with ${name()}`} title="Open chat" onClick={() => workspace.openChat(props.chat.chatId)}>
              <ArrowIcon />
            </button>
          }
        >
          <button type="button" class="icon-button" aria-label={`View chat with ${name()}`} title="Read this chat" onClick={() => workspace.viewChat(props.chat.chatId)}>
            <EyeIcon />
          </button>
          <button type="button" class="button small secondary" aria-label={`Restart chat with ${name()}`} onClick={() => workspace.openChat(props.chat.chatId)}>
            <RestartIcon />
            Restart
          </button>
        </Show>
      </div>
    </li>
  )
}
