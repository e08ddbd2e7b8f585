// Whether the browser says it has a network (`navigator.onLine` and its events), as one signal
// for the whole app. "Online" here only means "worth trying": the relay may still be out of
// reach. "Offline" is reliable: there is no network at all.

import { createSignal, type Accessor } from 'solid-js'

const [online, setOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine)
const listeners = new Set<(online: boolean) => void>()

if (typeof window !== 'undefined') {
  const update = (value: boolean) => {
    setOnline(value)
    for (const listener of [...listeners]) listener(value)
  }
  window.addEventListener('online', () => update(true))
  window.addEventListener('offline', () => update(false))
}

/** True unless the browser knows it has no network. */
export const browserOnline: Accessor<boolean> = online

/** Calls `listener` each time the browser goes offline or comes back. Returns the unsubscribe. */
export function onNetworkChange(listener: (online: boolean) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
