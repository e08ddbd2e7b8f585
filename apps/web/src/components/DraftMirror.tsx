// A copy of the message field's text drawn behind the (transparent) textarea with the same
// font and wrapping: it shows each mention in the draft as one highlighted unit, and holds a
// marker where the "@query" starts so the record list can open under it. A textarea has no
// API for where a character is drawn; this mirror is the usual way to find out.

import { For, createMemo } from 'solid-js'
import type { Mention } from '@parley/chat-model'
import { segmentText } from '@parley/chat-model'

type Piece = { kind: 'text' | 'mention'; text: string } | { kind: 'anchor' }

export interface DraftMirrorProps {
  ref: (el: HTMLDivElement) => void
  text: string
  mentions: readonly Mention[]
  /** Where the marker for the record list goes, or null. */
  anchorAt: number | null
}

export function DraftMirror(props: DraftMirrorProps) {
  const pieces = createMemo((): Piece[] => {
    const out: Piece[] = []
    const anchor = props.anchorAt
    for (const segment of segmentText(props.text, props.mentions)) {
      if (segment.mention) {
        if (anchor === segment.mention.start) out.push({ kind: 'anchor' })
        out.push({ kind: 'mention', text: segment.text })
        continue
      }
      const start = out.reduce((n, p) => n + (p.kind === 'anchor' ? 0 : p.text.length), 0)
      if (anchor !== null && anchor >= start && anchor < start + segment.text.length) {
        out.push({ kind: 'text', text: segment.text.slice(0, anchor - start) }, { kind: 'anchor' }, { kind: 'text', text: segment.text.slice(anchor - start) })
      } else {
        out.push({ kind: 'text', text: segment.text })
      }
    }
    return out
  })

  return (
    <div class="draft-mirror" aria-hidden="true" ref={(el) => props.ref(el)}>
      <For each={pieces()}>
        {(piece) => (piece.kind === 'anchor' ? <span class="draft-anchor" /> : piece.kind === 'mention' ? <mark class="draft-mention">{piece.text}</mark> : piece.text)}
      </For>
      {/* A textarea shows a line after a final line break; a div needs a character there. */}
      {'\u200b'}
    </div>
  )
}
