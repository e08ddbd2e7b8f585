// Fan-out between relay processes. A room publishes every update it has stored; the other
// processes that hold the same room apply it and pass it to their clients. In one process
// (the default) there is nobody else to tell; a Redis implementation is a new file.

export type BusListener = (update: Uint8Array) => void

export interface Bus {
  publish(room: string, update: Uint8Array): void
  /** Returns the function that unsubscribes. */
  subscribe(room: string, listener: BusListener): () => void
}

/** The single-process bus: publishing reaches no one, since this process already applied it. */
export function createLocalBus(): Bus {
  return {
    publish() {},
    subscribe() {
      return () => {}
    },
  }
}
