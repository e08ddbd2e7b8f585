// Who opens a mention's record when it is clicked. Unset, MessageText opens it here (the router,
// or a new tab for the host CRM's pages); the embedded panel sets it to hand the link to the host
// window instead, where the record belongs.

import { createContext, useContext } from 'solid-js'
import type { Mention } from '@parley/chat-model'
import type { MentionLink } from './records.ts'

export type MentionOpener = (link: MentionLink, mention: Mention) => void

const MentionOpenerContext = createContext<MentionOpener | null>(null)
export const MentionOpenerProvider = MentionOpenerContext.Provider
export const useMentionOpener = (): MentionOpener | null => useContext(MentionOpenerContext)
