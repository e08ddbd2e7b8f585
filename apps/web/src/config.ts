// The web app's configuration, read once. The app is served by the relay, so every address is
// derived from the page's own origin; nothing here reads the environment at run time.

const wsProtocol = location.protocol === 'https:' ? 'wss:' : 'ws:'

export const config = Object.freeze({
  /** Base path of the relay's HTTP API (same origin). */
  apiBase: '/api',
  /** y-websocket endpoint; a room name is appended as `/<kind>/<id>`. */
  syncUrl: `${wsProtocol}//${location.host}/sync`,
  /** Chats shown per page of Chat History. */
  historyPageSize: 25,
  /** How long "is typing…" lasts after the last keystroke. */
  typingIdleMs: 4000,
  /** How long a chat nobody looks at keeps its connection, so that switching back is instant. */
  chatIdleMs: 30_000,
  /** How long to wait after the relay says its storage cannot write, when it does not say. */
  storageRetryMs: 30_000,
  /** How long a document waits for its local copy before it connects anyway. */
  localLoadTimeoutMs: 1500,
})
