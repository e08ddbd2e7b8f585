// The chat icon: says how many chats are open, flashes green while someone wants to chat, and
// carries a red unread mark (flashing a few times when it appears) while any chat has unread
// messages, panel open or closed.

import { Show, createEffect, createMemo, createSignal, on } from 'solid-js'
import { useWorkspace } from '../state/workspace.ts'
import { ChatIconSvg } from './icons.tsx'

export const PANEL_ID = 'parley-panel'

export function ChatButton(props: { ref: (el: HTMLButtonElement) => void }) {
  const workspace = useWorkspace()
  const count = createMemo(() => workspace.chats.openCount())
  const calling = createMemo(() => workspace.chats.wanting().length > 0)
  const unread = createMemo(() => workspace.chats.unreadCount())
  // Every new unread message flashes the icon again: two identical animations, taken in turn,
  // because setting the same animation again does not restart it.
  const [flashes, setFlashes] = createSignal(0)
  createEffect(on(unread, (count, before) => count > (before ?? 0) && setFlashes((n) => n + 1), { defer: true }))
  const label = createMemo(() => `Chats, ${count()} open${unread() > 0 ? `, ${unread()} unread` : ''}`)
  return (
    <button
      ref={props.ref}
      type="button"
      class="chat-button"
      classList={{ calling: calling(), unread: unread() > 0, 'flash-a': flashes() % 2 === 1, 'flash-b': flashes() > 0 && flashes() % 2 === 0 }}
      data-calling={calling() ? 'true' : 'false'}
      data-unread={unread()}
      aria-label={label()}
      title={label()}
      aria-expanded={workspace.panel.isOpen()}
      aria-controls={PANEL_ID}
      onClick={() => workspace.panel.toggle()}
    >
      <ChatIconSvg />
      <Show when={unread() > 0}>
        <span class="unread-mark" aria-hidden="true" />
      </Show>
      <Show when={count() > 0}>
        <span class="badge" aria-hidden="true">
          {count()}
        </span>
      </Show>
    </button>
  )
}
