// A record's page in the host shell, which @mention links open: a card with the record's kind,
// name, number and fields from GET /api/records/:type/:id, or a card that says it does not exist
// (or cannot be loaded offline). For a colleague it also offers a chat. Everything shown is text.

import { For, Match, Show, Switch, createMemo, createResource, onCleanup } from 'solid-js'
import type { RecordType } from '@parley/chat-model'
import { safeLink } from '../lib/safe-url.ts'
import { ApiError } from '../state/api.ts'
import { useRecords } from '../state/records.ts'
import { isModifiedClick, useRouter } from '../state/router.ts'
import { onNetworkChange } from '../state/network.ts'
import { useWorkspace } from '../state/workspace.ts'
import { RECORD_TYPE_NAMES, RecordIcon } from './RecordIcon.tsx'

export function RecordPage(props: { type: RecordType; id: string }) {
  const records = useRecords()
  const workspace = useWorkspace()
  const [record, { refetch }] = createResource(
    () => ({ type: props.type, id: props.id }),
    (key) => records.get(key.type, key.id),
  )
  // Back online: a page that failed, or shows the kept copy, loads again by itself.
  onCleanup(
    onNetworkChange((online) => {
      if (online && (record.state === 'errored' || record()?.kept)) void refetch()
    }),
  )
  const failure = createMemo(() => {
    if (record.state !== 'errored') return null
    const error: unknown = record.error
    return error instanceof ApiError && error.code === 'network'
      ? 'This record has not been opened on this device before, so it needs a connection. It loads by itself when you are back online.'
      : 'This record cannot be loaded right now.'
  })
  // Read only once loaded: reading a resource that failed throws.
  const found = createMemo(() => (record.state === 'ready' || record.state === 'refreshing' ? record() : undefined))
  const isMe = createMemo(() => props.type === 'person' && props.id === workspace.me.id)
  const online = createMemo(() => props.type === 'person' && workspace.presence.isOnline(props.id))

  return (
    <div class="record-page">
      <BackLink />
      <Switch>
        <Match when={failure()}>
          <section class="card record-card" aria-labelledby="record-title">
            <h1 id="record-title">{RECORD_TYPE_NAMES[props.type]} not loaded</h1>
            <p>{failure()}</p>
            <button type="button" class="button secondary" onClick={() => void refetch()}>
              Try again
            </button>
          </section>
        </Match>
        <Match when={found() === undefined}>
          <section class="card record-card" aria-busy="true">
            <p class="muted">Loading…</p>
          </section>
        </Match>
        <Match when={found() === null}>
          <section class="card record-card not-found" aria-labelledby="record-title">
            <h1 id="record-title">{props.type === 'person' ? 'No such colleague' : 'Record not found'}</h1>
            <p>Your organization has no {RECORD_TYPE_NAMES[props.type].toLowerCase()} with this id. It may have been removed, or the link is wrong.</p>
          </section>
        </Match>
        <Match when={found()} keyed>
          {(shown) => (
            <section class="card record-card" aria-labelledby="record-title">
              <p class="record-kind">
                <RecordIcon type={shown.type} />
                <span>{RECORD_TYPE_NAMES[shown.type]}</span>
                <Show when={shown.number}>
                  <span class="record-number">{shown.number}</span>
                </Show>
              </p>
              <h1 id="record-title">{shown.label}</h1>
              <Show when={shown.kept}>
                <p class="muted" role="note">
                  You are offline: this is the copy saved on this device when you last opened it.
                </p>
              </Show>
              <Show when={Object.keys(shown.fields).length > 0}>
                <dl class="record-fields">
                  <For each={Object.entries(shown.fields)}>
                    {([name, value]) => (
                      <div>
                        <dt>{name}</dt>
                        <dd>{value}</dd>
                      </div>
                    )}
                  </For>
                </dl>
              </Show>
              <div class="record-actions">
                <Show when={shown.type === 'person' && !isMe() && !workspace.directory.hasLeft(shown.id)}>
                  <button type="button" class="button primary" onClick={() => void workspace.startChatWith(shown.id)}>
                    {online() ? 'Chat' : 'Message'}
                  </button>
                </Show>
                <Show when={crmPage(shown.url)}>
                  {(href) => (
                    <a class="button secondary" href={href()} target="_blank" rel="noopener noreferrer">
                      Open in the CRM
                    </a>
                  )}
                </Show>
              </div>
            </section>
          )}
        </Match>
      </Switch>
    </div>
  )
}

/** The host CRM's own page for a record, when the relay links there rather than here. */
function crmPage(url: string): string | null {
  const link = safeLink(url, location.origin)
  return link && !link.internal ? link.href : null
}

/** Back to the dashboard, in place. */
export function BackLink() {
  const router = useRouter()
  return (
    <a
      class="back-link"
      href="/"
      onClick={(event) => {
        if (isModifiedClick(event)) return
        event.preventDefault()
        router.navigate('/')
      }}
    >
      ← Dashboard
    </a>
  )
}
