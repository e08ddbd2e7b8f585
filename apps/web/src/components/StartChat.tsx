// Start a chat: the people of my organization, online ones with a "Chat" button and offline
// ones with a "Message" button. Either starts a chat, or reopens the one we already have. People
// who have left the organization are not offered (the relay would refuse the chat).

import { For, Show, createMemo, createSignal, onMount } from 'solid-js'
import type { Person } from '../state/api.ts'
import { useWorkspace } from '../state/workspace.ts'
import { Avatar } from './Avatar.tsx'
import { PresenceDot } from './PresenceDot.tsx'
import { ViewHeading } from './ViewHeading.tsx'

export function StartChat() {
  const workspace = useWorkspace()
  const [busy, setBusy] = createSignal<string | null>(null)
  // People come and go (a host application adds them at their first sign-in): ask again here.
  onMount(() => void workspace.directory.refresh())
  const others = createMemo(() => workspace.directory.people().filter((p) => p.id !== workspace.me.id && !p.left))
  const online = createMemo(() => others().filter((p) => workspace.presence.isOnline(p.id)))
  const offline = createMemo(() => others().filter((p) => !workspace.presence.isOnline(p.id)))

  const start = async (person: Person) => {
    setBusy(person.id)
    await workspace.startChatWith(person.id)
    setBusy(null)
  }

  const list = (people: () => Person[], isOnline: boolean, action: string, label: string) => (
    <ul class="rows people" aria-label={label}>
      <For each={people()}>
        {(person) => (
          <li class="row person">
            <span class="avatar-wrap">
              <Avatar name={person.name} />
              <PresenceDot online={isOnline} />
            </span>
            <span class="row-text">
              <span class="row-name">{person.name}</span>
              <span class="row-preview">{person.email}</span>
            </span>
            <button type="button" class={`button small ${isOnline ? 'primary' : 'secondary'}`} disabled={busy() !== null} onClick={() => void start(person)}>
              {action}
            </button>
          </li>
        )}
      </For>
    </ul>
  )

  return (
    <div class="view">
      <ViewHeading>Start a chat</ViewHeading>
      <Show when={workspace.directory.error()}>
        <p class="error" role="alert">
          {workspace.directory.error()}{' '}
          <button type="button" class="link-button" onClick={() => void workspace.directory.refresh()}>
            Try again
          </button>
        </p>
      </Show>
      <h3 class="section-title">
        Online <span class="count">{online().length}</span>
      </h3>
      <Show when={online().length > 0} fallback={<p class="muted empty-line">Nobody else is online right now.</p>}>
        {list(online, true, 'Chat', 'Online')}
      </Show>
      <h3 class="section-title">
        Offline <span class="count">{offline().length}</span>
      </h3>
      <Show when={offline().length > 0} fallback={<p class="muted empty-line">Everyone is online.</p>}>
        {list(offline, false, 'Message', 'Offline')}
      </Show>
    </div>
  )
}
