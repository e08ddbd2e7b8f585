// Where the chat panel is: closed, or open on one of its views. Pure UI state, no documents.

import { createSignal, type Accessor } from 'solid-js'

export type PanelView =
  | { name: 'home' }
  | { name: 'start' }
  | { name: 'history' }
  /** `from` is the view that "back" returns to; `messageId` a message to show (a search hit). */
  | { name: 'chat'; chatId: string; from: 'home' | 'history'; messageId?: string }

export interface Panel {
  isOpen: Accessor<boolean>
  view: Accessor<PanelView>
  show(view: PanelView): void
  toggle(): void
  close(): void
}

export function createPanel(): Panel {
  const [isOpen, setOpen] = createSignal(false)
  const [view, setView] = createSignal<PanelView>({ name: 'home' })
  return {
    isOpen,
    view,
    show(next) {
      setView(next)
      setOpen(true)
    },
    toggle: () => setOpen((open) => !open),
    close: () => setOpen(false),
  }
}
