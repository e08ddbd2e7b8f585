// Getting a person's attention when something arrives: a polite live-region announcement for
// every incoming message, and a browser notification when the tab is hidden. Permission for
// notifications is only ever asked from a click (`requestPermission`), never on load.

import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js'
import type { ChatList, ChatSummary } from './chat-list.ts'

export interface Attention {
  /** The latest text for the polite live region. */
  announcement: Accessor<string>
  announce(text: string): void
  pageVisible: Accessor<boolean>
  notificationsSupported: boolean
  permission: Accessor<NotificationPermission>
  requestPermission(): Promise<void>
}

export interface AttentionOptions {
  meId: string
  chats: ChatList
  /** True once the inbox reflects the relay, so that old chats are not announced as news. */
  ready: Accessor<boolean>
  nameOf(userId: string): string
  openChat(chatId: string): void
}

const supported = typeof Notification !== 'undefined'

export function createAttention(options: AttentionOptions): Attention {
  const [announcement, setAnnouncement] = createSignal('')
  const [pageVisible, setPageVisible] = createSignal(document.visibilityState === 'visible')
  const [permission, setPermission] = createSignal<NotificationPermission>(supported ? Notification.permission : 'denied')

  const onVisibility = () => setPageVisible(document.visibilityState === 'visible')
  document.addEventListener('visibilitychange', onVisibility)
  onCleanup(() => document.removeEventListener('visibilitychange', onVisibility))

  const announce = (text: string) => {
    // Clearing first makes a screen reader announce the same words twice in a row, too.
    setAnnouncement('')
    queueMicrotask(() => setAnnouncement(text))
  }

  const notify = (chat: ChatSummary, title: string, body: string) => {
    if (!supported || pageVisible() || Notification.permission !== 'granted') return
    const note = new Notification(title, { body, tag: chat.chatId })
    note.onclick = () => {
      window.focus()
      options.openChat(chat.chatId)
      note.close()
    }
  }

  let seenMessages = new Map<string, string | undefined>()
  let seenWanting = new Set<string>()
  createEffect(() => {
    const all = options.chats.all()
    const wanting = options.chats.wanting()
    if (options.ready()) {
      for (const chat of all) {
        const last = chat.lastMessage
        if (!last || last.author === options.meId || seenMessages.get(chat.chatId) === last.id) continue
        const name = options.nameOf(last.author)
        announce(`New message from ${name}: ${last.text}`)
        notify(chat, `${name} wrote`, last.text)
      }
      for (const chat of wanting) {
        if (seenWanting.has(chat.chatId) || chat.lastMessage) continue
        notify(chat, 'Someone wants to Chat!', `${options.nameOf(chat.otherId)} started a chat with you.`)
      }
    }
    seenMessages = new Map(all.map((c) => [c.chatId, c.lastMessage?.id]))
    seenWanting = new Set(wanting.map((c) => c.chatId))
  })

  return {
    announcement,
    announce,
    pageVisible,
    notificationsSupported: supported,
    permission,
    async requestPermission() {
      if (!supported) return
      setPermission(await Notification.requestPermission())
    },
  }
}
