// Start a chat: a search box that filters the people of my organization as I type (name or email,
// accent-insensitive), then the online ones with a "Chat" button and the offline ones with a
// "Message" button. Either starts a chat, or reopens the one we already have. While this device
// is disconnected nobody's presence is known, so everyone is listed together, greyed. People who
// have left the organization are not offered (the relay would refuse the chat).

import { For, Show, createMemo, createSignal, onMount } from 'solid-js'
import type { Person } from '../state/api.ts'
import { useWorkspace } from '../state/workspace.ts'
import { matchesAll } from '../lib/text-match.ts'
import { Avatar } from './Avatar.tsx'
import { PresenceDot } from './PresenceDot.tsx'
import { ViewHeading } from './ViewHeading.tsx'

export function StartChat() {
  const workspace = useWorkspace()
  const [busy, setBusy] = createSignal<string | null>(null)
  const [query, setQuery] = createSignal('')
  const known = createMemo(() => workspace.presence.known())
  const others = createMemo(() => workspace.directory.people().filter((p) => p.id !== workspace.me.id && !p.left))
  const found = createMemo(() => others().filter((p) => matchesAll(query(), [p.name, p.email])))
  const online = createMemo(() => found().filter((p) => workspace.presence.isOnline(p.id)))
  const offline = createMemo(() => found().filter((p) => !workspace.presence.isOnline(p.id)))
  // People come and go (added to the organization, or signed in by a host for the first time):
  // ask again when the view opens.
  onMount(() => void workspace.directory.refresh())

  const start = async (person: Person) => {
    setBusy(person.id)
    await workspace.startChatWith(person.id)
    setBusy(null)
  }

  const list = (people: () => Person[], label: string) => (
    <ul class="rows people" aria-label={label}>
      <For each={people()}>
        {(person) => {
          const isOnline = () => workspace.presence.isOnline(person.id)
          return (
            <li class="row person">
              <span class="avatar-wrap">
                <Avatar name={person.name} />
                <PresenceDot online={isOnline()} known={known()} />
              </span>
              <span class="row-text">
                <span class="row-name" dir="auto">
                  {person.name}
                </span>
                <span class="row-preview">{person.email}</span>
              </span>
              <button
                type="button"
                class={`button small ${isOnline() && known() ? 'primary' : 'secondary'}`}
                disabled={busy() !== null}
                onClick={() => void start(person)}
              >
                {isOnline() && known() ? 'Chat' : 'Message'}
              </button>
            </li>
          )
        }}
      </For>
    </ul>
  )

  return (
    <div class="view">
      <ViewHeading focus={false}>Start a chat</ViewHeading>
      <input
        type="search"
        class="search-field"
        aria-label="Search people by name or email"
        placeholder="Search people by name or email"
        value={query()}
        ref={(el) => queueMicrotask(() => el.focus())}
        onInput={(event) => setQuery(event.currentTarget.value)}
      />
      <Show when={workspace.directory.error()}>
        <p class="error" role="alert">
          {workspace.directory.error()}{' '}
          <button type="button" class="link-button" onClick={() => void workspace.directory.refresh()}>
            Try again
          </button>
        </p>
      </Show>
      <Show when={query().trim() !== '' && found().length === 0}>
        <p class="muted empty-line">Nobody in {workspace.org.name} matches “{query().trim()}”.</p>
      </Show>
      <Show
        when={known()}
        fallback={
          <Show when={found().length > 0}>
            <h3 class="section-title">
              People <span class="count">{found().length}</span>
            </h3>
            <p class="muted empty-line">You are offline, so who is online is unknown. Messages are sent when you are back.</p>
            {list(found, 'People')}
          </Show>
        }
      >
        <h3 class="section-title">
          Online <span class="count">{online().length}</span>
        </h3>
        <Show when={online().length > 0} fallback={<p class="muted empty-line">{query().trim() ? 'Nobody online matches.' : 'Nobody else is online right now.'}</p>}>
          {list(online, 'Online')}
        </Show>
        <h3 class="section-title">
          Offline <span class="count">{offline().length}</span>
        </h3>
        <Show when={offline().length > 0} fallback={<p class="muted empty-line">{query().trim() ? 'Nobody offline matches.' : 'Everyone is online.'}</p>}>
          {list(offline, 'Offline')}
        </Show>
      </Show>
    </div>
  )
}
