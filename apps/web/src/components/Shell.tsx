// The host shell: a CRM-like top bar with the chat icon, the host page, the chat panel, the
// "Someone wants to Chat!" alert and the polite live region for incoming messages.

import { onCleanup, onMount } from 'solid-js'
import { useWorkspace } from '../state/workspace.ts'
import { ChatAlert } from './ChatAlert.tsx'
import { ChatPanel } from './ChatPanel.tsx'
import { HostHome } from './HostHome.tsx'
import { TopBar } from './TopBar.tsx'
import '../styles/shell.css'

export function Shell(props: { onSignOut: () => void }) {
  const workspace = useWorkspace()
  let chatButton: HTMLButtonElement | undefined

  const closePanel = () => {
    workspace.panel.close()
    chatButton?.focus()
  }
  onMount(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && workspace.panel.isOpen() && !event.defaultPrevented) closePanel()
    }
    document.addEventListener('keydown', onKey)
    onCleanup(() => document.removeEventListener('keydown', onKey))
  })

  return (
    <div class="shell">
      <TopBar onSignOut={props.onSignOut} chatButtonRef={(el) => (chatButton = el)} />
      <ChatAlert />
      <main class="host-page" id="main">
        <HostHome />
      </main>
      <ChatPanel onClose={closePanel} />
      <div class="sr-only" role="status" aria-live="polite">
        {workspace.attention.announcement()}
      </div>
    </div>
  )
}
