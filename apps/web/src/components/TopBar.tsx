// The host application's top bar, as a CRM would have it, with Parley's chat icon at the right.

import { Show } from 'solid-js'
import { isModifiedClick, useRouter } from '../state/router.ts'
import { useWorkspace } from '../state/workspace.ts'
import { Avatar } from './Avatar.tsx'
import { ChatButton } from './ChatButton.tsx'
import { ConnectionStatus } from './ConnectionStatus.tsx'
import { BellIcon } from './icons.tsx'

export function TopBar(props: { onSignOut: () => void; chatButtonRef: (el: HTMLButtonElement) => void }) {
  const workspace = useWorkspace()
  const router = useRouter()
  const attention = workspace.attention
  // Signing out deletes this device's copies, and with them whatever the relay does not have yet.
  const signOut = () => {
    const unsent = workspace.connection.pending() + workspace.connection.failed()
    const warning = `${unsent} of your messages ${unsent === 1 ? 'is' : 'are'} only on this device. Signing out deletes ${unsent === 1 ? 'it' : 'them'}. Sign out anyway?`
    if (unsent === 0 || window.confirm(warning)) props.onSignOut()
  }
  return (
    <header class="topbar">
      <div class="topbar-brand">
        <span class="brand-mark" aria-hidden="true" />
        <span class="brand-name">{workspace.org.name}</span>
        <span class="topbar-product">Talent CRM</span>
      </div>
      <nav class="topbar-nav" aria-label="Main">
        <a
          href="/"
          aria-current={router.route().name === 'home' ? 'page' : undefined}
          onClick={(event) => {
            if (isModifiedClick(event)) return
            event.preventDefault()
            router.navigate('/')
          }}
        >
          Dashboard
        </a>
      </nav>
      <div class="topbar-actions">
        <ConnectionStatus />
        <Show when={attention.notificationsSupported && attention.permission() === 'default'}>
          <button type="button" class="icon-button on-dark" title="Turn on chat notifications" onClick={() => void attention.requestPermission()}>
            <BellIcon />
            <span class="sr-only">Turn on chat notifications</span>
          </button>
        </Show>
        <ChatButton ref={props.chatButtonRef} />
        <div class="topbar-user">
          <Avatar name={workspace.me.name} />
          <span class="topbar-user-name">{workspace.me.name}</span>
          <button type="button" class="link-button on-dark" onClick={signOut}>
            Sign out
          </button>
        </div>
      </div>
    </header>
  )
}
