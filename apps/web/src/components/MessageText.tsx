// A message's text with its mentions as links. The text and every label are rendered as text
// nodes, never as HTML; a link's address comes from the mention's type and id (or the address
// the relay gave for that record, checked again here), never from the message's text. Links to
// this app's pages open in place, keeping the chat panel as it is; in the embedded panel, every
// link is handed to the host window (state/mention-opener.ts).

import { For, Show, createMemo } from 'solid-js'
import { segmentText, type Mention } from '@parley/chat-model'
import { useMentionOpener } from '../state/mention-opener.ts'
import { useRecords } from '../state/records.ts'
import { isModifiedClick, useRouter } from '../state/router.ts'
import { useWorkspace } from '../state/workspace.ts'
import { RECORD_TYPE_NAMES, RecordIcon } from './RecordIcon.tsx'

/** Below this width the panel covers the page, so opening a record page hides the panel. */
const PANEL_COVERS_PAGE = '(max-width: 520px)'

export function MessageText(props: { text: string; mentions: readonly Mention[] | undefined; class?: string }) {
  const segments = createMemo(() => segmentText(props.text, props.mentions))
  return (
    <p class={props.class} dir="auto">
      <For each={segments()}>{(segment) => (segment.mention ? <MentionLink mention={segment.mention} text={segment.text} /> : segment.text)}</For>
    </p>
  )
}

function MentionLink(props: { mention: Mention; text: string }) {
  const records = useRecords()
  const router = useRouter()
  const workspace = useWorkspace()
  const opener = useMentionOpener()
  const link = createMemo(() => records.linkOf(props.mention))
  const title = createMemo(() => `${RECORD_TYPE_NAMES[props.mention.type]}: ${props.mention.label}`)

  if (opener) {
    return (
      <a
        class="mention"
        href={link().href}
        title={title()}
        onClick={(event) => {
          event.preventDefault()
          opener(link(), props.mention)
        }}
      >
        <RecordIcon type={props.mention.type} />
        {props.text}
      </a>
    )
  }
  return (
    <Show
      when={link().internal}
      fallback={
        <a class="mention" href={link().href} target="_blank" rel="noopener noreferrer" title={title()}>
          <RecordIcon type={props.mention.type} />
          {props.text}
        </a>
      }
    >
      <a
        class="mention"
        href={link().href}
        title={title()}
        onClick={(event) => {
          if (isModifiedClick(event)) return
          event.preventDefault()
          router.navigate(link().href)
          if (window.matchMedia(PANEL_COVERS_PAGE).matches) workspace.panel.close()
        }}
      >
        <RecordIcon type={props.mention.type} />
        {props.text}
      </a>
    </Show>
  )
}
