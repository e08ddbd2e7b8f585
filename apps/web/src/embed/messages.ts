// What <parley-chat> (in the host's page) and the panel frame (on Parley's origin) say to each
// other by postMessage. Types only, so that the element's bundle and the app's share no code.
// Every message carries `parley: 1`; each side checks the other's origin and window first.

/** From the element to the frame. */
export type HostMessage =
  /** A token from the host's token-url, for POST /api/sessions/host. */
  | { parley: 1; type: 'host-token'; token: string }
  /** The host's token-url could not give one (offline, signed out of the host). */
  | { parley: 1; type: 'no-host-token'; reason: string }
  /** The panel is shown (`chatId`: open that chat, from the alert) or hidden. */
  | { parley: 1; type: 'panel'; open: boolean; chatId?: string }
  /** The alert was dismissed: its chats stay in Chat Home. */
  | { parley: 1; type: 'dismiss-alert' }

/** From the frame to the element. */
export type FrameMessage =
  /** The frame has no session (first visit, or it ended): fetch a token from the token-url. */
  | { parley: 1; type: 'need-host-token' }
  /** What the icon and the alert show. */
  | { parley: 1; type: 'state'; signedIn: boolean; openChats: number; unread: number; wanting: { chatId: string; name: string }[] }
  /** A mention was clicked: open `url` (a path of the host or an http(s) URL) in the host window. */
  | { parley: 1; type: 'open-record'; url: string; record: { type: string; id: string; label: string } }
  /** The panel's own close button or Escape. */
  | { parley: 1; type: 'close-panel' }

export const PANEL_PATH = '/embed/panel'
