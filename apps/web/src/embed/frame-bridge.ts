// The panel frame's side of postMessage: it talks only to its parent window, and only when the
// parent's origin is one of PARLEY_ALLOWED_ORIGINS (as well as the relay's frame-ancestors rule,
// which stops other pages from framing it at all). Everything else is ignored, unread.

import type { FrameMessage, HostMessage } from './messages.ts'

export interface FrameBridge {
  /** The parent's origin this bridge talks to. */
  parentOrigin: string
  send(message: FrameMessage): void
  /** Calls `handler` for each valid message of the parent; returns the function that stops. */
  listen(handler: (message: HostMessage) => void): () => void
}

const HOST_TYPES = new Set(['host-token', 'no-host-token', 'panel', 'dismiss-alert'])

const isHostMessage = (data: unknown): data is HostMessage =>
  typeof data === 'object' && data !== null && (data as { parley?: unknown }).parley === 1 && HOST_TYPES.has(String((data as { type?: unknown }).type))

/**
 * The bridge to the parent, or the reason there is none: the frame is not in a frame, the
 * parent did not say its origin, the origin is not allowed, or the browser says another one.
 */
export function connectToParent(claimedOrigin: string | null, allowedOrigins: readonly string[]): FrameBridge | { refused: string } {
  if (window.parent === window) return { refused: 'Parley\'s panel only runs inside a page of your application.' }
  if (!claimedOrigin || !URL.canParse(claimedOrigin)) return { refused: 'The page embedding Parley did not say who it is.' }
  const parentOrigin = new URL(claimedOrigin).origin
  const allowed = new Set(allowedOrigins.map((o) => (URL.canParse(o) ? new URL(o).origin : o)))
  if (!allowed.has(parentOrigin)) return { refused: `${parentOrigin} may not embed Parley (see PARLEY_ALLOWED_ORIGINS).` }
  // Chromium and Safari tell the real parent; a page that claims another origin gets nothing.
  const ancestors = location.ancestorOrigins as DOMStringList | undefined
  if (ancestors && ancestors.length > 0 && ancestors[0] !== parentOrigin) return { refused: 'The embedding page is not the one it claims to be.' }

  return {
    parentOrigin,
    send: (message) => window.parent.postMessage(message, parentOrigin),
    listen(handler) {
      const onMessage = (event: MessageEvent) => {
        if (event.source !== window.parent || event.origin !== parentOrigin || !isHostMessage(event.data)) return
        handler(event.data)
      }
      window.addEventListener('message', onMessage)
      return () => window.removeEventListener('message', onMessage)
    },
  }
}
