// Asks the browser to keep Parley's offline copy (`navigator.storage.persist()`) instead of
// clearing it when space runs low, and remembers the answer so the UI can say when it was
// refused. Chromium decides without asking the person; Firefox asks once and remembers.

import { createSignal, type Accessor } from 'solid-js'

export type StoragePersistence = 'unknown' | 'persisted' | 'refused' | 'unsupported'

const [state, setState] = createSignal<StoragePersistence>('unknown')

/** The browser's answer, once it has given one. */
export const storagePersistence: Accessor<StoragePersistence> = state

/** Asks for persistent storage (at sign-in: each time a person's workspace starts). */
export async function requestPersistentStorage(): Promise<StoragePersistence> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage
  if (!storage?.persist || !storage.persisted) {
    setState('unsupported')
    return 'unsupported'
  }
  try {
    const granted = (await storage.persisted()) || (await storage.persist())
    setState(granted ? 'persisted' : 'refused')
  } catch {
    setState('refused') // A browser that throws here (some private modes) keeps nothing for good.
  }
  return state()
}
