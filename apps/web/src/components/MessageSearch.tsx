// "Search messages" at the top of Chat Home: words in any message of my chats that reached this
// device, online or offline; each hit says who wrote it, where and when, and opens the
// conversation at that message. While the box is empty, Chat Home shows its chats.

import { For, Show, createMemo, type JSX } from 'solid-js'
import { useWorkspace } from '../state/workspace.ts'
import { formatFull, formatWhen, isoOf } from '../lib/format.ts'
import { now } from '../lib/clock.ts'
import { Avatar } from './Avatar.tsx'

export function MessageSearchField(props: { query: string; onQuery: (query: string) => void }) {
  return (
    <input
      type="search"
      class="search-field"
      aria-label="Search messages"
      placeholder="Search messages"
      value={props.query}
      onInput={(event) => props.onQuery(event.currentTarget.value)}
    />
  )
}

export function MessageSearchResults(props: { query: string }): JSX.Element {
  const workspace = useWorkspace()
  const hits = createMemo(() => {
    workspace.messageIndex.size() // new messages change the answer
    return workspace.messageIndex.search(props.query)
  })
  return (
    <Show when={hits().length > 0} fallback={<p class="muted empty-line">No message on this device has “{props.query.trim()}”.</p>}>
      <ul class="rows" aria-label="Messages found">
        <For each={hits()}>
          {(hit) => {
            const chat = () => workspace.chats.byId(hit.chatId)
            const other = () => workspace.directory.nameOf(chat()?.otherId ?? hit.author)
            const author = () => (hit.author === workspace.me.id ? 'You' : workspace.directory.nameOf(hit.author))
            return (
              <li class="row">
                <button type="button" class="row-main row-button" onClick={() => workspace.openChat(hit.chatId, hit.id)}>
                  <Avatar name={other()} />
                  <span class="row-text">
                    <span class="row-top">
                      <span class="row-name" dir="auto">
                        {other()}
                      </span>
                      <time class="row-when" datetime={isoOf(hit.at)} title={formatFull(hit.at)}>
                        {formatWhen(hit.at, now())}
                      </time>
                    </span>
                    <span class="row-preview">
                      {author()}: <span dir="auto">{hit.text}</span>
                    </span>
                  </span>
                </button>
              </li>
            )
          }}
        </For>
      </ul>
    </Show>
  )
}
