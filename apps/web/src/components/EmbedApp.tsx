// The root of the embedded panel (/embed/panel), which <parley-chat> frames in a host's page: no
// sign-in page and no host shell, only the chat panel, for the person the host signed in. It
// tells the element what the icon and the alert show, and hands mention links to the host.

import { Match, Show, Switch, createEffect, createMemo, createResource, onCleanup, onMount } from 'solid-js'
import { connectToParent, type FrameBridge } from '../embed/frame-bridge.ts'
import { frameStorage } from '../embed/frame-storage.ts'
import { createEmbedSession } from '../embed/embed-session.ts'
import type { HostMessage } from '../embed/messages.ts'
import { api } from '../state/api.ts'
import { MentionOpenerProvider } from '../state/mention-opener.ts'
import { onNetworkChange } from '../state/network.ts'
import { createRecords, RecordsProvider } from '../state/records.ts'
import type { Session } from '../state/session.ts'
import { createWorkspace, WorkspaceProvider, type Workspace } from '../state/workspace.ts'
import { ChatPanel } from './ChatPanel.tsx'
import '../styles/embed.css'

const ORIGINS_KEY = 'parley:embed-origins'

/** The origins that may embed the panel: the relay's answer, or the last one kept (offline). */
async function allowedOrigins(): Promise<string[]> {
  try {
    const { allowedOrigins } = await api.embed()
    frameStorage.set(ORIGINS_KEY, JSON.stringify(allowedOrigins))
    return allowedOrigins
  } catch {
    try {
      return JSON.parse(frameStorage.get(ORIGINS_KEY) ?? '[]') as string[]
    } catch {
      return [] // A corrupt entry: nobody is allowed until the relay answers.
    }
  }
}

export function EmbedApp() {
  document.documentElement.classList.add('embedded')
  const [bridge] = createResource(async () => connectToParent(new URLSearchParams(location.search).get('origin'), await allowedOrigins()))
  return (
    <Show when={bridge()} fallback={<div class="splash" role="status" aria-label="Loading Parley" />}>
      {(current) => {
        const result = current()
        return 'refused' in result ? <p class="embed-notice">{result.refused}</p> : <EmbeddedSession bridge={result} />
      }}
    </Show>
  )
}

function EmbeddedSession(props: { bridge: FrameBridge }) {
  const bridge = props.bridge
  const session = createEmbedSession(() => bridge.send({ parley: 1, type: 'need-host-token' }))
  let workspaceHandler: ((message: HostMessage) => void) | null = null
  onCleanup(
    bridge.listen((message) => {
      if (message.type === 'host-token') void session.useHostToken(message.token)
      else if (message.type === 'no-host-token') session.noHostToken(message.reason)
      else workspaceHandler?.(message)
    }),
  )
  onCleanup(
    onNetworkChange((online) => {
      if (online && session.state().status === 'failed') session.expire()
    }),
  )
  const signedIn = createMemo(() => {
    const state = session.state()
    return state.status === 'signed-in' ? state.session : null
  })
  createEffect(() => {
    if (session.state().status !== 'signed-in') bridge.send({ parley: 1, type: 'state', signedIn: false, openChats: 0, unread: 0, wanting: [] })
  })

  return (
    <Switch>
      <Match when={signedIn()} keyed>
        {(current: Session) => {
          const workspace = createWorkspace(current, session.expire)
          workspaceHandler = handlerFor(workspace)
          onCleanup(() => (workspaceHandler = null))
          return <EmbeddedPanel workspace={workspace} bridge={bridge} />
        }}
      </Match>
      <Match when={session.state().status === 'failed'}>
        <p class="embed-notice" role="status">
          {(() => {
            const state = session.state()
            return state.status === 'failed' ? state.notice : ''
          })()}
        </p>
      </Match>
      <Match when={session.state().status === 'waiting'}>
        <div class="splash" role="status" aria-label="Signing in to Parley" />
      </Match>
    </Switch>
  )
}

const handlerFor = (workspace: Workspace) => (message: HostMessage) => {
  if (message.type === 'dismiss-alert') workspace.dismissAlert()
  if (message.type === 'panel' && message.open) {
    if (message.chatId) workspace.openChat(message.chatId)
    else workspace.panel.show(workspace.panel.view())
  }
}

function EmbeddedPanel(props: { workspace: Workspace; bridge: FrameBridge }) {
  const { workspace, bridge } = props
  const records = createRecords(workspace.me, workspace.directory.people)
  workspace.panel.show({ name: 'home' })

  createEffect(() => {
    const chats = workspace.chats.all()
    bridge.send({
      parley: 1,
      type: 'state',
      signedIn: true,
      openChats: workspace.chats.openCount(),
      unread: chats.reduce((sum, chat) => sum + chat.unread, 0),
      wanting: workspace.chats.wanting().map((chat) => ({ chatId: chat.chatId, name: workspace.directory.nameOf(chat.otherId) })),
    })
  })
  const close = () => {
    bridge.send({ parley: 1, type: 'close-panel' })
    // The frame stays the panel: it is the element that hides it.
    workspace.panel.show(workspace.panel.view())
  }
  onMount(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) close()
    }
    document.addEventListener('keydown', onKey)
    onCleanup(() => document.removeEventListener('keydown', onKey))
  })

  return (
    <WorkspaceProvider value={workspace}>
      <RecordsProvider value={records}>
        <MentionOpenerProvider
          value={(link, mention) => bridge.send({ parley: 1, type: 'open-record', url: link.href, record: { type: mention.type, id: mention.id, label: mention.label } })}
        >
          <ChatPanel onClose={close} />
        </MentionOpenerProvider>
      </RecordsProvider>
    </WorkspaceProvider>
  )
}
