// The chat window: who, whether they are online, when the chat started, Close chat and Reload
// chat; the message field; "… is typing…"; the messages, newest on top. While it is on screen,
// what arrives counts as seen.

import { Show, createEffect, createMemo, onCleanup, onMount } from 'solid-js'
import { useWorkspace } from '../state/workspace.ts'
import { formatFull, formatStarted, isoOf } from '../lib/format.ts'
import { now } from '../lib/clock.ts'
import { Avatar } from './Avatar.tsx'
import { Composer } from './Composer.tsx'
import { MessageList } from './MessageList.tsx'
import { PresenceDot } from './PresenceDot.tsx'
import { CloseIcon, ReloadIcon, RestartIcon } from './icons.tsx'

const REFUSALS: Record<string, string> = {
  forbidden: 'You are not a member of this chat, so it cannot be shown.',
  unauthorized: 'Your session has ended. Sign in again to see this chat.',
}

export function ChatWindow(props: { chatId: string; from: 'home' | 'history'; messageId?: string | undefined }) {
  const workspace = useWorkspace()
  // The chat id of a mounted window never changes: the panel mounts a new window per chat.
  const chatId = props.chatId
  const session = workspace.sessions.acquire(chatId)
  onCleanup(() => {
    session.typing(false)
    workspace.sessions.release(chatId)
  })

  const summary = createMemo(() => workspace.chats.byId(chatId))
  const otherId = createMemo(() => summary()?.otherId ?? session.store.meta?.members.find((id) => id !== workspace.me.id) ?? '')
  const name = createMemo(() => (otherId() ? workspace.directory.nameOf(otherId()) : 'Loading…'))
  const online = createMemo(() => workspace.presence.isOnline(otherId()))
  const left = createMemo(() => workspace.directory.hasLeft(otherId()))
  const startedAt = createMemo(() => summary()?.startedAt ?? session.store.meta?.createdAt ?? null)
  const isOpen = createMemo(() => summary()?.open ?? true)
  const typing = createMemo(() => session.typists().map((t) => workspace.directory.nameOf(t.id)))
  const refusal = createMemo(() => {
    const reason = session.refusal()
    if (!reason) return null
    // A refused write, not a refused reader: the messages below say which and offer a way out.
    if (reason === 'over-limit') return `Not delivered: ${session.refusalReason() || 'over a limit of the relay'}. Retry later or discard each message that was not delivered.`
    if (reason === 'forbidden' && session.failedCount() > 0) return 'The relay refused what you wrote here. Retry or discard each message that was not delivered.'
    return REFUSALS[reason] ?? 'The relay refused this chat.'
  })

  // Reading: whatever arrives while the window is on screen and the tab visible is seen.
  createEffect(() => {
    if (!workspace.attention.pageVisible()) return
    if ((summary()?.unread ?? 0) > 0) workspace.inbox.markSeen(chatId)
    if (session.store.messages.length > 0) session.markRead()
  })

  let heading: HTMLHeadingElement | undefined
  let field: HTMLTextAreaElement | undefined
  onMount(() => (isOpen() && field ? field : heading)?.focus())

  return (
    <div class="chat-window">
      <div class="chat-head">
        <span class="avatar-wrap">
          <Avatar name={name()} size="large" />
          <PresenceDot online={online()} known={workspace.presence.known()} />
        </span>
        <div class="chat-head-text">
          <h2 class="view-title" tabindex="-1" ref={heading} dir="auto">
            {name()}
          </h2>
          <p class="chat-meta">
            <span aria-hidden="true">{left() ? 'Has left' : workspace.presence.known() ? (online() ? 'Online' : 'Offline') : online() ? 'Online when last seen' : 'Presence unknown'}</span>
            <Show when={startedAt()}>
              {(at) => (
                <>
                  <span aria-hidden="true"> · </span>
                  <span>
                    Started{' '}
                    <time datetime={isoOf(at())} title={formatFull(at())}>
                      {formatStarted(at(), now())}
                    </time>
                  </span>
                </>
              )}
            </Show>
          </p>
        </div>
        <div class="chat-head-actions">
          <button type="button" class="icon-button" title="Reload chat" aria-busy={session.reloading()} classList={{ spinning: session.reloading() }} onClick={() => void session.reload()}>
            <ReloadIcon />
            <span class="sr-only">Reload chat</span>
          </button>
          <Show when={isOpen()}>
            <button type="button" class="icon-button danger" title="Close chat" onClick={() => workspace.closeChat(chatId)}>
              <CloseIcon />
              <span class="sr-only">Close chat</span>
            </button>
          </Show>
        </div>
      </div>

      <Show when={refusal()}>
        <p class="error" role="alert">
          {refusal()}
        </p>
      </Show>

      <Show
        when={isOpen()}
        fallback={
          <div class="closed-note">
            <p>You closed this chat. It stays in your Chat History.</p>
            <button type="button" class="button primary small" onClick={() => workspace.openChat(chatId)}>
              <RestartIcon />
              Restart chat
            </button>
          </div>
        }
      >
        <Composer
          ref={(el) => (field = el)}
          name={name()}
          disabled={session.reloading() || refusal() !== null}
          onSend={session.send}
          onTyping={session.typing}
          kept={workspace.drafts.get(chatId)}
          keptLoaded={workspace.drafts.loaded()}
          onDraft={(draft) => workspace.drafts.set(chatId, draft)}
        />
      </Show>

      <p class="typing" aria-live="off">
        <Show when={typing().length > 0}>{`${typing().join(' and ')} ${typing().length > 1 ? 'are' : 'is'} typing…`}</Show>
      </p>

      <MessageList
        messages={session.store.messages}
        undelivered={session.store.undelivered}
        marks={session.store.marks}
        held={session.store.held}
        older={session.older()}
        onLoadOlder={session.loadOlder}
        loading={session.loading()}
        otherName={name()}
        onRetry={(id) => void session.retry(id)}
        onDiscard={(id) => void session.discard(id)}
        found={props.messageId}
        onEdit={session.edit}
        onDelete={(id) => void session.remove(id)}
      />
    </div>
  )
}
