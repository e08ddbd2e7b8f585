// <parley-chat token-url="/parley/token">: Parley's chat icon in a host application's page, built
// as the relay's /embed.js. It draws the icon, its badge (open chats), the green flash and the
// "Someone wants to Chat!" alert in the host's page (Shadow DOM, styled by CSS custom
// properties), and opens the panel: an iframe on Parley's origin, so IndexedDB, the service
// worker and the session stay Parley's. It fetches host tokens from token-url (with the host's
// cookies) and hands them to the frame. It imports nothing from the app: it ships alone.
//
// Events on the element: `parley-unread` (detail: { count }) and `parley-open-record`
// (detail: { url, type, id, label }; cancelable: preventDefault() to open the record yourself).

import type { FrameMessage, HostMessage } from './messages.ts'

/** Where the panel lives on the relay (messages.ts PANEL_PATH; repeated so no code is shared). */
const PANEL_PATH = '/embed/panel'
const RELAY_ORIGIN = new URL(import.meta.url).origin

const STYLE = `
:host {
  --_size: var(--parley-icon-size, 24px);
  position: relative;
  display: inline-flex;
  vertical-align: middle;
  font: 14px/1.4 system-ui, sans-serif;
}
.icon {
  position: relative;
  display: inline-grid;
  place-items: center;
  width: calc(var(--_size) + 16px);
  height: calc(var(--_size) + 16px);
  padding: 0;
  border: 0;
  border-radius: 50%;
  background: var(--parley-icon-background, transparent);
  color: var(--parley-icon-color, currentColor);
  cursor: pointer;
}
.icon:hover { background: var(--parley-icon-hover-background, rgb(127 127 127 / 0.18)); }
.icon:focus-visible { outline: 2px solid var(--parley-focus-color, #3b82f6); outline-offset: 2px; }
.icon svg { width: var(--_size); height: var(--_size); }
.badge {
  position: absolute;
  top: 0;
  right: 0;
  min-width: 18px;
  height: 18px;
  padding: 0 5px;
  box-sizing: border-box;
  border-radius: 9px;
  background: var(--parley-badge-background, #dc2626);
  color: var(--parley-badge-color, #fff);
  font-size: 11px;
  font-weight: 700;
  line-height: 18px;
  text-align: center;
}
.badge[hidden] { display: none; }
.icon.calling {
  background: var(--parley-flash-color, #16a34a);
  color: #fff;
  animation: parley-flash 1.1s ease-in-out infinite;
}
@keyframes parley-flash {
  0%, 100% { box-shadow: 0 0 0 0 color-mix(in srgb, var(--parley-flash-color, #16a34a) 70%, transparent); }
  50% { box-shadow: 0 0 0 8px transparent; }
}
.alert {
  position: absolute;
  top: calc(100% + 8px);
  right: 0;
  z-index: var(--parley-z-index, 1000);
  width: 280px;
  padding: 12px 14px;
  border-radius: 10px;
  background: var(--parley-alert-background, #fff);
  color: var(--parley-alert-color, #111827);
  box-shadow: 0 10px 30px rgb(0 0 0 / 0.2);
}
.alert[hidden], .panel[hidden] { display: none; }
.alert h2 { margin: 0 0 6px; font-size: 15px; }
.alert ul { margin: 0 0 8px; padding: 0; list-style: none; }
.alert li { display: flex; justify-content: space-between; align-items: center; gap: 8px; padding: 3px 0; }
.alert button { font: inherit; cursor: pointer; border-radius: 6px; border: 1px solid transparent; padding: 3px 10px; }
.alert .open { background: var(--parley-flash-color, #16a34a); color: #fff; }
.alert .dismiss { background: transparent; border-color: currentColor; }
.panel {
  position: absolute;
  top: calc(100% + 8px);
  right: 0;
  z-index: var(--parley-z-index, 1000);
  width: var(--parley-panel-width, 420px);
  height: var(--parley-panel-height, 600px);
  max-width: calc(100vw - 16px);
  border-radius: 12px;
  overflow: hidden;
  background: #fff;
  box-shadow: 0 16px 40px rgb(0 0 0 / 0.25);
}
/* Closed, the frame keeps running (so the badge and the alert stay live) but is out of sight
   and out of reach; display: none would let the browser throttle it. */
.panel.closed { visibility: hidden; pointer-events: none; width: 1px; height: 1px; }
iframe { display: block; width: 100%; height: 100%; border: 0; }
`

const ICON = `<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 11.5a8.4 8.4 0 0 1-9 8.4 9 9 0 0 1-3.9-.9L3 20l1.1-4.3A8 8 0 0 1 3 11.5 8.4 8.4 0 0 1 12 3a8.4 8.4 0 0 1 9 8.5Z"/></svg>`

const FRAME_TYPES = new Set(['need-host-token', 'state', 'open-record', 'close-panel'])
const isFrameMessage = (data: unknown): data is FrameMessage =>
  typeof data === 'object' && data !== null && (data as { parley?: unknown }).parley === 1 && FRAME_TYPES.has(String((data as { type?: unknown }).type))

/** Only http(s) addresses open in the host window; a path is the host's own. */
const hostUrl = (url: string): URL | null => {
  if (!URL.canParse(url, location.href)) return null
  const parsed = new URL(url, location.href)
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : null
}

export class ParleyChatElement extends HTMLElement {
  #root = this.attachShadow({ mode: 'open' })
  #icon!: HTMLButtonElement
  #badge!: HTMLSpanElement
  #alert!: HTMLElement
  #panel!: HTMLDivElement
  #frame!: HTMLIFrameElement
  #unread = -1
  #wanting: { chatId: string; name: string }[] = []
  #onMessage = (event: MessageEvent) => this.#receive(event)

  connectedCallback() {
    if (this.#frame) return
    this.#root.innerHTML = `<style>${STYLE}</style>
      <button type="button" class="icon" part="icon" aria-expanded="false" aria-label="Chats">${ICON}<span class="badge" part="badge" hidden></span></button>
      <section class="alert" part="alert" role="alert" hidden><h2>Someone wants to Chat!</h2><ul></ul>
        <button type="button" class="dismiss">Dismiss</button></section>
      <div class="panel closed" part="panel" inert></div>`
    this.#icon = this.#root.querySelector('.icon')!
    this.#badge = this.#root.querySelector('.badge')!
    this.#alert = this.#root.querySelector('.alert')!
    this.#panel = this.#root.querySelector('.panel')!
    this.#icon.addEventListener('click', () => this.#setOpen(this.#panel.classList.contains('closed')))
    this.#alert.querySelector('.dismiss')!.addEventListener('click', () => this.#post({ parley: 1, type: 'dismiss-alert' }))

    this.#frame = document.createElement('iframe')
    this.#frame.title = 'Parley chat'
    this.#frame.src = `${RELAY_ORIGIN}${PANEL_PATH}?origin=${encodeURIComponent(location.origin)}`
    this.#panel.append(this.#frame)
    window.addEventListener('message', this.#onMessage)
  }

  disconnectedCallback() {
    window.removeEventListener('message', this.#onMessage)
  }

  /** Opens or hides the panel; `chatId` opens that chat in it. */
  #setOpen(open: boolean, chatId?: string) {
    this.#panel.classList.toggle('closed', !open)
    this.#panel.inert = !open
    this.#icon.setAttribute('aria-expanded', String(open))
    this.#post({ parley: 1, type: 'panel', open, ...(chatId ? { chatId } : {}) })
    if (open) this.#frame.focus()
  }

  #post(message: HostMessage) {
    this.#frame.contentWindow?.postMessage(message, RELAY_ORIGIN)
  }

  #receive(event: MessageEvent) {
    // Only Parley's own frame, on Parley's origin, is listened to.
    if (event.source !== this.#frame.contentWindow || event.origin !== RELAY_ORIGIN || !isFrameMessage(event.data)) return
    const message = event.data
    switch (message.type) {
      case 'need-host-token':
        return void this.#fetchToken()
      case 'state':
        return this.#show(message)
      case 'open-record':
        return this.#openRecord(message)
      case 'close-panel':
        this.#setOpen(false)
        return this.#icon.focus()
    }
  }

  async #fetchToken() {
    const tokenUrl = this.getAttribute('token-url')
    try {
      if (!tokenUrl) throw new Error('the element has no token-url attribute')
      // The host's own endpoint, with the host's cookies: it knows who is signed in.
      const response = await fetch(tokenUrl, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      if (!response.ok) throw new Error(`${tokenUrl} answered ${response.status}`)
      const { token } = (await response.json()) as { token?: unknown }
      if (typeof token !== 'string') throw new Error(`${tokenUrl} gave no token`)
      this.#post({ parley: 1, type: 'host-token', token })
    } catch (error) {
      this.#post({ parley: 1, type: 'no-host-token', reason: error instanceof Error ? error.message : String(error) })
    }
  }

  #show(state: Extract<FrameMessage, { type: 'state' }>) {
    this.#badge.hidden = !state.signedIn || state.openChats === 0
    this.#badge.textContent = String(state.openChats)
    // Without a session the panel says why (signed out of the host, deactivated, offline).
    this.#icon.setAttribute('aria-label', state.signedIn ? `Chats, ${state.openChats} open` : 'Chats')
    const calling = state.wanting.length > 0
    this.#icon.classList.toggle('calling', calling)
    this.#icon.dataset.calling = String(calling)
    this.#wanting = state.wanting
    this.#renderAlert()
    if (state.unread !== this.#unread) {
      this.#unread = state.unread
      this.dispatchEvent(new CustomEvent('parley-unread', { detail: { count: state.unread }, bubbles: true, composed: true }))
    }
  }

  #renderAlert() {
    const list = this.#alert.querySelector('ul')!
    list.replaceChildren(
      ...this.#wanting.slice(0, 3).map(({ chatId, name }) => {
        const item = document.createElement('li')
        const who = document.createElement('strong')
        who.textContent = name // Text, never HTML.
        const open = document.createElement('button')
        open.type = 'button'
        open.className = 'open'
        open.textContent = 'Open chat'
        open.setAttribute('aria-label', `Open chat with ${name}`)
        open.addEventListener('click', () => this.#setOpen(true, chatId))
        item.append(who, open)
        return item
      }),
    )
    this.#alert.hidden = this.#wanting.length === 0
  }

  #openRecord(message: Extract<FrameMessage, { type: 'open-record' }>) {
    const url = hostUrl(message.url)
    if (!url) return
    const detail = { url: url.href, ...message.record }
    const proceed = this.dispatchEvent(new CustomEvent('parley-open-record', { detail, bubbles: true, composed: true, cancelable: true }))
    if (proceed) window.location.assign(url.href)
  }
}

if (!customElements.get('parley-chat')) customElements.define('parley-chat', ParleyChatElement)
