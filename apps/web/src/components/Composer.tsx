// The message field and Send. Enter sends, Shift+Enter adds a line; typing is reported (and
// lapses on its own) so the other person sees "… is typing…". "@" and a name or number opens a
// list of records under it: arrows move, Enter or Tab picks, Escape closes only the list. A
// picked record sits in the draft as one highlighted unit that Backspace removes whole.

import { Show, createEffect, createMemo, createSignal, createUniqueId, on } from 'solid-js'
import { MAX_TEXT_LENGTH, type Draft, type Mention } from '@parley/chat-model'
import { createMentionDraft } from '../state/mention-draft.ts'
import { SearchStatus } from '../state/record-search.ts'
import { useRecords, type RecordHit } from '../state/records.ts'
import { DraftMirror } from './DraftMirror.tsx'
import { MentionPicker, optionId } from './MentionPicker.tsx'
import { SendIcon } from './icons.tsx'
import '../styles/mentions.css'

export interface ComposerProps {
  ref: (el: HTMLTextAreaElement) => void
  /** The other person's name, for the placeholder. */
  name: string
  disabled: boolean
  onSend(text: string, mentions: Mention[]): boolean
  onTyping(active: boolean): void
  /** The draft kept for this chat (undefined until the device's drafts are read). */
  kept: Draft | undefined
  keptLoaded: boolean
  /** Called with the draft after every change, to keep it. */
  onDraft(draft: Draft): void
}

const keyOf = (r: RecordHit) => `${r.type}:${r.id}`
const PICKER_WIDTH = 320

export function Composer(props: ComposerProps) {
  const records = useRecords()
  const draft = createMentionDraft()
  const search = records.createSearch()
  const listId = createUniqueId()
  const [focused, setFocused] = createSignal(false)
  const [chosen, setChosen] = createSignal<string | null>(null)
  const [place, setPlace] = createSignal({ top: 0, left: 0 })
  let form: HTMLFormElement | undefined
  let field: HTMLTextAreaElement | undefined
  let mirror: HTMLDivElement | undefined

  const text = createMemo(() => draft.draft().text)
  const queryText = createMemo(() => draft.query()?.query ?? null)
  const options = createMemo(() => (queryText() === null ? [] : search.results()))
  // The arrows choose a record, not a position: a new answer keeps it chosen if it is still there.
  const active = createMemo(() => Math.max(0, options().findIndex((r) => keyOf(r) === chosen())))
  const note = createMemo((): string | null => {
    const query = queryText()
    if (query === null) return null
    const status = search.status()
    if (status === SearchStatus.offline) return 'Offline: only records seen on this device are listed.'
    if (status === SearchStatus.unavailable) return 'Records cannot be searched right now: only records seen on this device are listed.'
    if (options().length > 0 || query === '' || query.includes(' ')) return null
    if (status === SearchStatus.searching) return 'Searching…'
    return status === SearchStatus.done ? `No records match “${query}”.` : null
  })
  const open = createMemo(() => focused() && !props.disabled && queryText() !== null && (options().length > 0 || note() !== null))

  // The kept draft comes back once the device's drafts are read, unless typing has begun.
  let restored = false
  createEffect(() => {
    if (restored || !props.keptLoaded) return
    restored = true
    const kept = props.kept
    if (kept && text() === '') draft.restore(kept)
  })
  createEffect(on(draft.draft, (current) => restored && props.onDraft(current), { defer: true }))
  // Asking the relay is the outside world: once per change of the "@query".
  createEffect(on(queryText, (query) => search.set(query)))
  // So is layout: the list goes under the "@", where the mirror drew its marker.
  createEffect(() => {
    if (!open() || !form || !field) return
    text()
    const anchor = mirror?.querySelector('.draft-anchor')
    const box = form.getBoundingClientRect()
    const fieldBox = field.getBoundingClientRect()
    const at = anchor?.getBoundingClientRect() ?? fieldBox
    const top = Math.min(Math.max(at.bottom, fieldBox.top + 24), fieldBox.bottom) - box.top + 4
    const width = Math.min(PICKER_WIDTH, box.width - 16)
    setPlace({ top, left: Math.max(8, Math.min(at.left - box.left - 4, box.width - width - 8)) })
  })

  const putCaret = (caret: number) => {
    field?.setSelectionRange(caret, caret)
    syncScroll()
  }
  const syncScroll = () => {
    if (mirror && field) mirror.scrollTop = field.scrollTop
  }
  const readCaret = () => {
    if (!field) return
    draft.moveCaret(field.selectionStart === field.selectionEnd ? field.selectionEnd : -1)
  }
  const pick = (record: RecordHit) => {
    const caret = draft.pick(record)
    if (caret === null) return
    records.cache.picked(record)
    setChosen(null)
    putCaret(caret)
    field?.focus()
    props.onTyping(true)
  }
  const move = (by: number) => {
    const list = options()
    if (list.length > 0) setChosen(keyOf(list[(active() + by + list.length) % list.length]!))
  }
  const send = () => {
    const message = draft.finish()
    if (props.disabled || !props.onSend(message.text, message.mentions)) return
    draft.clear()
    field?.focus()
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing || !field) return
    if (open()) {
      const list = options()
      if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && list.length > 0) {
        event.preventDefault()
        move(event.key === 'ArrowDown' ? 1 : -1)
        return
      }
      if (((event.key === 'Enter' && !event.shiftKey) || (event.key === 'Tab' && !event.shiftKey)) && list.length > 0) {
        event.preventDefault()
        pick(list[active()]!)
        return
      }
      if (event.key === 'Escape') {
        // Closes the list only: the shell's Escape (hide the panel) checks defaultPrevented.
        event.preventDefault()
        event.stopPropagation()
        draft.dismiss()
        setChosen(null)
        return
      }
    }
    const collapsed = field.selectionStart === field.selectionEnd
    if ((event.key === 'Backspace' || event.key === 'Delete') && collapsed) {
      const caret = draft.removeMention(field.selectionStart, event.key === 'Backspace' ? 'backward' : 'forward')
      if (caret !== null) {
        event.preventDefault()
        putCaret(caret)
        props.onTyping(text().trim().length > 0)
      }
      return
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault()
      send()
    }
  }

  return (
    <form
      class="composer"
      ref={form}
      onSubmit={(event) => {
        event.preventDefault()
        send()
      }}
    >
      <div class="draft-field">
        <DraftMirror ref={(el) => (mirror = el)} text={text()} mentions={draft.draft().mentions} anchorAt={open() ? (draft.query()?.from ?? null) : null} />
        <textarea
          ref={(el) => {
            field = el
            props.ref(el)
          }}
          aria-label="Message"
          aria-autocomplete="list"
          aria-controls={open() ? listId : undefined}
          aria-activedescendant={open() && options().length > 0 ? optionId(listId, active()) : undefined}
          aria-describedby={`${listId}-hint`}
          placeholder={`Write to ${props.name}…`}
          rows="2"
          maxLength={MAX_TEXT_LENGTH}
          value={text()}
          on:keydown={onKeyDown}
          onInput={(event) => {
            const el = event.currentTarget
            draft.input(el.value, el.selectionEnd)
            syncScroll()
            props.onTyping(el.value.trim().length > 0)
          }}
          onKeyUp={readCaret}
          onClick={readCaret}
          onScroll={syncScroll}
          onFocus={() => {
            setFocused(true)
            readCaret()
          }}
          onBlur={() => {
            setFocused(false)
            props.onTyping(false)
          }}
        />
        <span id={`${listId}-hint`} class="sr-only">
          Type @ and a name or number to mention a record.
        </span>
      </div>
      <Show when={open()}>
        <MentionPicker
          id={listId}
          records={options()}
          active={active()}
          note={note()}
          busy={search.status() === SearchStatus.searching}
          place={place()}
          onPick={pick}
          onHover={(index) => setChosen(keyOf(options()[index]!))}
        />
      </Show>
      <button type="submit" class="button primary send" disabled={props.disabled || text().trim().length === 0}>
        <SendIcon />
        Send
      </button>
    </form>
  )
}
