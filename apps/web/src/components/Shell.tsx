// The host shell: a CRM-like top bar with the chat icon, the host page (the dashboard or a record
// page that a mention opened), the chat panel, the "Someone wants to Chat!" alert and the polite
// live region for incoming messages.

import { createEffect, onCleanup, onMount } from 'solid-js'
import { useWorkspace } from '../state/workspace.ts'
import { ChatAlert } from './ChatAlert.tsx'
import { ChatPanel } from './ChatPanel.tsx'
import { createRecords, RecordsProvider } from '../state/records.ts'
import { HostPage } from './HostPage.tsx'
import { TopBar } from './TopBar.tsx'
import '../styles/shell.css'

const TITLE = 'Parley'

export function Shell(props: { onSignOut: () => void }) {
  const workspace = useWorkspace()
  const records = createRecords(workspace.me, workspace.directory.people)
  let chatButton: HTMLButtonElement | undefined

  const closePanel = () => {
    workspace.panel.close()
    chatButton?.focus()
  }
  // The tab title carries the unread count, as every chat product's does: "(3) Parley".
  createEffect(() => {
    const unread = workspace.chats.unreadCount()
    document.title = unread > 0 ? `(${unread}) ${TITLE}` : TITLE
  })
  onCleanup(() => (document.title = TITLE))
  onMount(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && workspace.panel.isOpen() && !event.defaultPrevented) closePanel()
    }
    document.addEventListener('keydown', onKey)
    onCleanup(() => document.removeEventListener('keydown', onKey))
  })

  return (
    <RecordsProvider value={records}>
      <div class="shell">
        <TopBar onSignOut={props.onSignOut} chatButtonRef={(el) => (chatButton = el)} />
        <ChatAlert />
        <main class="host-page" id="main">
          <HostPage />
        </main>
        <ChatPanel onClose={closePanel} />
        <div class="sr-only" role="status" aria-live="polite">
          {workspace.attention.announcement()}
        </div>
      </div>
    </RecordsProvider>
  )
}
