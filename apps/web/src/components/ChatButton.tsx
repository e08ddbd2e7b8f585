// The chat icon: says how many chats are open, and flashes green while someone wants to chat.

import { Show, createMemo } from 'solid-js'
import { useWorkspace } from '../state/workspace.ts'
import { ChatIconSvg } from './icons.tsx'

export const PANEL_ID = 'parley-panel'

export function ChatButton(props: { ref: (el: HTMLButtonElement) => void }) {
  const workspace = useWorkspace()
  const count = createMemo(() => workspace.chats.openCount())
  const calling = createMemo(() => workspace.chats.wanting().length > 0)
  return (
    <button
      ref={props.ref}
      type="button"
      class="chat-button"
      classList={{ calling: calling() }}
      data-calling={calling() ? 'true' : 'false'}
      aria-label={`Chats, ${count()} open`}
      aria-expanded={workspace.panel.isOpen()}
      aria-controls={PANEL_ID}
      onClick={() => workspace.panel.toggle()}
    >
      <ChatIconSvg />
      <Show when={count() > 0}>
        <span class="badge" aria-hidden="true">
          {count()}
        </span>
      </Show>
    </button>
  )
}
