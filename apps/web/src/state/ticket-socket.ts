// A WebSocket that first fetches a single-use sync ticket (POST /api/sync-tickets) and then opens
// `…?ticket=…`: for the embedded panel, which runs in a cross-site frame where the session cookie
// is not sent, and whose session token must not go into a URL (proxies log URLs). Every connection
// attempt of the provider gets a fresh ticket. Written against y-websocket 3.1's use of its
// `WebSocketPolyfill`: the constructor, binaryType, the four on* handlers, send, close and
// readyState; nothing else is provided.

/** Why a ticket could not be had: the session ended (the socket then closes as the relay would, 4401) or anything else. */
export type TicketFailure = 'unauthorized' | 'unavailable'

const UNAUTHORIZED = 4401
const ABNORMAL = 1006

export function ticketedWebSocket(fetchTicket: () => Promise<string>, failureOf: (error: unknown) => TicketFailure): typeof WebSocket {
  class TicketedSocket {
    static readonly CONNECTING = 0
    static readonly OPEN = 1
    static readonly CLOSING = 2
    static readonly CLOSED = 3
    readonly CONNECTING = 0
    readonly OPEN = 1
    readonly CLOSING = 2
    readonly CLOSED = 3
    binaryType: BinaryType = 'arraybuffer'
    onopen: ((event: Event) => void) | null = null
    onmessage: ((event: MessageEvent) => void) | null = null
    onerror: ((event: Event) => void) | null = null
    onclose: ((event: CloseEvent) => void) | null = null
    private inner: WebSocket | null = null
    private gaveUp = false

    constructor(url: string | URL, protocols?: string | string[]) {
      fetchTicket().then(
        (ticket) => {
          if (this.gaveUp) return
          const withTicket = new URL(url)
          withTicket.searchParams.set('ticket', ticket)
          const ws = new WebSocket(withTicket, protocols)
          ws.binaryType = this.binaryType
          ws.onopen = (event) => this.onopen?.(event)
          ws.onmessage = (event) => this.onmessage?.(event)
          ws.onerror = (event) => this.onerror?.(event)
          ws.onclose = (event) => this.onclose?.(event)
          this.inner = ws
        },
        (error: unknown) => this.fail(failureOf(error) === 'unauthorized' ? UNAUTHORIZED : ABNORMAL, 'no sync ticket'),
      )
    }

    get readyState(): number {
      return this.inner?.readyState ?? (this.gaveUp ? this.CLOSED : this.CONNECTING)
    }

    send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (!this.inner) throw new DOMException('the socket is not open yet', 'InvalidStateError')
      this.inner.send(data)
    }

    close(code?: number, reason?: string): void {
      if (this.inner) this.inner.close(code, reason)
      else this.fail(ABNORMAL, 'closed before it opened')
    }

    /** Ends an attempt that never reached the relay, as a real socket would: error, then close. */
    private fail(code: number, reason: string): void {
      if (this.gaveUp) return
      this.gaveUp = true
      queueMicrotask(() => {
        this.onerror?.(new Event('error'))
        this.onclose?.(new CloseEvent('close', { code, reason, wasClean: false }))
      })
    }
  }
  return TicketedSocket as unknown as typeof WebSocket
}
