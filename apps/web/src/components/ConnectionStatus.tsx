// The connection indicator in the top bar: online, connecting, reconnecting (with the next try)
// or offline, and how many of my messages are only on this device. Its words are a polite
// status for screen readers; the countdown is left out of them so it is not read every second.

import { Show, createMemo } from 'solid-js'
import { storagePersistence } from '../state/storage-persistence.ts'
import { useWorkspace } from '../state/workspace.ts'

const LABELS = { online: 'Online', connecting: 'Connecting…', reconnecting: 'Reconnecting', offline: 'Offline' } as const

export function ConnectionStatus() {
  const workspace = useWorkspace()
  const connection = workspace.connection
  const retry = createMemo(() => {
    const seconds = connection.retryIn()
    if (seconds === null) return ''
    return seconds === 0 ? ' now' : ` in ${seconds} s`
  })
  const waiting = createMemo(() => {
    const pending = connection.pending()
    const failed = connection.failed()
    const parts = []
    if (pending > 0) parts.push(`${pending} pending`)
    if (failed > 0) parts.push(`${failed} not delivered`)
    return parts.join(', ')
  })
  const title = createMemo(() =>
    storagePersistence() === 'refused' && connection.pending() > 0
      ? 'Waiting messages are saved on this device only, and this browser may clear them when it runs low on space.'
      : 'Messages you write are saved on this device until they are sent.',
  )

  return (
    <div class="connection" data-state={connection.kind()} title={title()}>
      <span class="connection-dot" aria-hidden="true" />
      <span role="status" class="connection-text">
        <span class="connection-label">{LABELS[connection.kind()]}</span>
        <Show when={waiting()}>
          <span class="connection-waiting">
            <span class="connection-comma">, </span>
            {waiting()}
          </span>
        </Show>
      </span>
      <Show when={retry()}>
        <span class="connection-retry" aria-hidden="true">
          {retry()}
        </span>
      </Show>
    </div>
  )
}
