// The chat panel that opens from the chat icon: Chat Home, Start a chat, Chat History and the
// chat window, with the navigation between them always at the top and first in the tab order.

import { Match, Show, Switch, createMemo } from 'solid-js'
import type { PanelView } from '../state/panel.ts'
import { useWorkspace } from '../state/workspace.ts'
import { PANEL_ID } from './ChatButton.tsx'
import { ChatHistory } from './ChatHistory.tsx'
import { ChatHome } from './ChatHome.tsx'
import { ChatWindow } from './ChatWindow.tsx'
import { StartChat } from './StartChat.tsx'
import { ClockIcon, CloseIcon, HomeIcon, PlusIcon } from './icons.tsx'
import '../styles/panel.css'

export function ChatPanel(props: { onClose: () => void }) {
  const workspace = useWorkspace()
  const view = createMemo(() => workspace.panel.view())
  const chatView = createMemo(() => {
    const current = view()
    return current.name === 'chat' ? current : null
  })
  const go = (next: PanelView) => workspace.panel.show(next)
  const current = (name: PanelView['name']) => (view().name === name ? 'page' : undefined)

  return (
    <Show when={workspace.panel.isOpen()}>
      <section id={PANEL_ID} class="panel" role="dialog" aria-label="Parley chat">
        <div class="panel-head">
          <nav class="panel-nav" aria-label="Chat">
            <button type="button" aria-current={current('home')} onClick={() => go({ name: 'home' })}>
              <HomeIcon />
              Chat Home
            </button>
            <button type="button" aria-current={current('start')} onClick={() => go({ name: 'start' })}>
              <PlusIcon />
              Start a chat
            </button>
            <button type="button" aria-current={current('history')} onClick={() => go({ name: 'history' })}>
              <ClockIcon />
              Chat History
            </button>
          </nav>
        </div>
        <div class="panel-body">
          <Switch>
            <Match when={view().name === 'home'}>
              <ChatHome />
            </Match>
            <Match when={view().name === 'start'}>
              <StartChat />
            </Match>
            <Match when={view().name === 'history'}>
              <ChatHistory />
            </Match>
            <Match when={chatView()} keyed>
              {(chat) => <ChatWindow chatId={chat.chatId} from={chat.from} messageId={chat.messageId} />}
            </Match>
          </Switch>
        </div>
        {/* Last in the tab order, so that the panel's tabs come first; drawn at the top right. */}
        <button type="button" class="icon-button panel-hide" title="Hide chats (Esc)" onClick={() => props.onClose()}>
          <CloseIcon />
          <span class="sr-only">Hide chats</span>
        </button>
      </section>
    </Show>
  )
}
