// "Someone wants to Chat!": who, what they said, and a way to open the chat. It lasts until the
// chat is opened or the alert dismissed, on every tab of mine, because it is read from the inbox.

import { For, Show, createMemo } from 'solid-js'
import type { ChatSummary } from '../state/chat-list.ts'
import { useWorkspace } from '../state/workspace.ts'
import { Avatar } from './Avatar.tsx'
import { CloseIcon } from './icons.tsx'

const SHOWN = 3

export function ChatAlert() {
  const workspace = useWorkspace()
  const wanting = createMemo(() => workspace.chats.wanting())
  const line = (chat: ChatSummary) =>
    chat.lastMessage && chat.lastMessage.author !== workspace.me.id ? chat.lastMessage.text : 'started a chat with you'

  return (
    <Show when={wanting().length > 0}>
      <div class="chat-alert" role="alert" aria-labelledby="chat-alert-title">
        <div class="chat-alert-head">
          <h2 id="chat-alert-title">Someone wants to Chat!</h2>
          <button type="button" class="icon-button" title="Dismiss" onClick={() => workspace.dismissAlert()}>
            <CloseIcon />
            <span class="sr-only">Dismiss</span>
          </button>
        </div>
        <ul>
          <For each={wanting().slice(0, SHOWN)}>
            {(chat) => {
              const name = () => workspace.directory.nameOf(chat.otherId)
              return (
                <li>
                  <Avatar name={name()} />
                  <p>
                    <strong dir="auto">{name()}</strong>
                    <span class="chat-alert-line" dir="auto">
                      {line(chat)}
                    </span>
                  </p>
                  <button type="button" class="button primary small" aria-label={`Open chat with ${name()}`} onClick={() => workspace.openChat(chat.chatId)}>
                    Open chat
                  </button>
                </li>
              )
            }}
          </For>
        </ul>
        <Show when={wanting().length > SHOWN}>
          <p class="muted">and {wanting().length - SHOWN} more in Chat Home</p>
        </Show>
      </div>
    </Show>
  )
}
