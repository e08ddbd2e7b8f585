// The host application's page behind the chat: in a real CRM, its dashboard. Here it greets the
// person and says where the chat is, so a newcomer finds their way without docs.

import { Show, createMemo } from 'solid-js'
import { storagePersistence } from '../state/storage-persistence.ts'
import { useWorkspace } from '../state/workspace.ts'

export function HostHome() {
  const workspace = useWorkspace()
  const firstName = createMemo(() => workspace.me.name.split(' ')[0] ?? workspace.me.name)
  const onlineCount = createMemo(() => [...workspace.presence.online()].filter((id) => id !== workspace.me.id).length)

  return (
    <div class="host-home">
      <h1>Welcome back, {firstName()}</h1>
      <p class="lead">
        Parley is {workspace.org.name}'s chat. It lives behind the chat icon at the top right, on every page of the CRM.
      </p>
      <div class="cards">
        <section class="card">
          <h2>Talk to a colleague</h2>
          <p>
            <Show when={onlineCount() > 0} fallback="Nobody else is online right now: leave a message and they will see it when they are back.">
              {onlineCount()} {onlineCount() === 1 ? 'colleague is' : 'colleagues are'} online now.
            </Show>
          </p>
          <button type="button" class="button primary" onClick={() => workspace.panel.show({ name: 'start' })}>
            Find a colleague
          </button>
        </section>
        <section class="card">
          <h2>Your chats</h2>
          <p>
            {workspace.chats.openCount() === 0
              ? 'No open chats. New ones show up on the chat icon, which flashes green when someone wants to chat.'
              : `${workspace.chats.openCount()} open ${workspace.chats.openCount() === 1 ? 'chat' : 'chats'}. Closed chats stay in Chat History.`}
          </p>
          <button type="button" class="button secondary" onClick={() => workspace.panel.show({ name: 'home' })}>
            Go to Chat Home
          </button>
        </section>
        <section class="card">
          <h2>Works offline</h2>
          <p>Everything you read and write is kept on this device and syncs when the connection is back.</p>
          {/* Only when it matters: something is waiting on this device, and the browser may clear it. */}
          <Show when={storagePersistence() === 'refused' && workspace.connection.pending() > 0}>
            <p class="notice-line" role="note">
              Stay signed in and online until your waiting messages are sent: this browser may clear what is saved on this device when it runs low on space.
            </p>
          </Show>
        </section>
      </div>
    </div>
  )
}
