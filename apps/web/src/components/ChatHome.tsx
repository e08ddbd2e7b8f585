// Chat Home: a search over my messages, then new chats (unread first) and my other open chats.

import { For, Show, createMemo, createSignal } from 'solid-js'
import { useWorkspace } from '../state/workspace.ts'
import { ChatRow } from './ChatRow.tsx'
import { MessageSearchField, MessageSearchResults } from './MessageSearch.tsx'
import { ViewHeading } from './ViewHeading.tsx'

export function ChatHome() {
  const workspace = useWorkspace()
  const fresh = createMemo(() => workspace.chats.home().filter((c) => c.unread > 0 || c.wantsMe))
  const open = createMemo(() => workspace.chats.home().filter((c) => c.unread === 0 && !c.wantsMe))
  const [query, setQuery] = createSignal('')

  return (
    <div class="view">
      <ViewHeading>Chat Home</ViewHeading>
      <MessageSearchField query={query()} onQuery={setQuery} />
      <Show when={query().trim() !== ''}>
        <MessageSearchResults query={query()} />
      </Show>
      <Show when={query().trim() === ''}>
      <Show when={workspace.inbox.refusal()}>
        <p class="error" role="alert">
          Your chats could not be loaded: the relay refused them. Sign out and in again, and tell your administrator if it keeps happening.
        </p>
      </Show>
      <Show
        when={workspace.chats.home().length > 0}
        fallback={
          <div class="empty">
            <p class="empty-title">No open chats</p>
            <p class="muted">Use “Start a chat” above to talk to someone in {workspace.org.name}. Closed chats are in Chat History.</p>
          </div>
        }
      >
        <Show when={fresh().length > 0}>
          <h3 class="section-title">New</h3>
          <ul class="rows" aria-label="New chats">
            <For each={fresh()}>{(chat) => <ChatRow chat={chat} />}</For>
          </ul>
        </Show>
        <Show when={open().length > 0}>
          <h3 class="section-title">Open</h3>
          <ul class="rows" aria-label="Open chats">
            <For each={open()}>{(chat) => <ChatRow chat={chat} />}</For>
          </ul>
        </Show>
      </Show>
      </Show>
    </div>
  )
}
