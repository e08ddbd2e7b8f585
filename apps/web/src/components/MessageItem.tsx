// One message in the conversation: a header (who, the time of day, my mark) unless it continues a
// group, the text (collapsed behind "Show more" when long), an "edited" mark, "Message deleted"
// in place of a deleted one, and on my own messages Edit and Delete.

import { Show, createMemo, createSignal, onMount } from 'solid-js'
import type { Mention, Message } from '@parley/chat-model'
import type { MessageMark as Mark } from '../state/chat.ts'
import { useWorkspace } from '../state/workspace.ts'
import { formatFull, formatTime, isoOf } from '../lib/format.ts'
import { MessageMark } from './MessageMark.tsx'
import { MessageText } from './MessageText.tsx'

/** Longer messages start collapsed. */
const LONG_TEXT = 600

export interface MessageItemProps {
  message: Message
  mark: Mark | undefined
  /** Continues the group of the message above it: no header of its own. */
  grouped: boolean
  /** The message a search opened the conversation at: scrolled into view and highlighted. */
  found?: boolean
  /** Mine, in the document, and not refused: I may edit or delete it. */
  editable: boolean
  onRetry(): void
  onDiscard(): void
  onEdit(text: string, mentions: Mention[]): boolean
  onDelete(): void
}

/** The mentions whose words an edit left as they were. */
const keptMentions = (before: Message, text: string): Mention[] =>
  (before.mentions ?? []).filter((m) => m.end <= text.length && text.slice(m.start, m.end) === before.text.slice(m.start, m.end))

export function MessageItem(props: MessageItemProps) {
  const workspace = useWorkspace()
  const mine = createMemo(() => props.message.author === workspace.me.id)
  const author = createMemo(() => (mine() ? 'You' : workspace.directory.nameOf(props.message.author)))
  const long = createMemo(() => props.message.text.length > LONG_TEXT)
  const [expanded, setExpanded] = createSignal(false)
  const [editing, setEditing] = createSignal<string | null>(null)
  const tooltip = createMemo(() => {
    const edited = props.message.editedAt
    return `${formatFull(props.message.at)}${edited && !props.message.deleted ? ` (edited ${formatFull(edited)})` : ''}`
  })

  let item: HTMLLIElement | undefined
  onMount(() => {
    if (props.found) item?.scrollIntoView({ block: 'center' })
  })

  const save = () => {
    const text = editing()
    if (text === null) return
    if (text.trim() === props.message.text || props.onEdit(text, keptMentions(props.message, text))) setEditing(null)
  }
  const remove = () => {
    if (window.confirm('Delete this message for everyone in the chat?')) props.onDelete()
  }

  return (
    <li ref={item} class="message" classList={{ found: props.found === true, mine: mine(), failed: props.mark === 'failed', grouped: props.grouped, deleted: props.message.deleted === true }} title={props.grouped ? tooltip() : undefined}>
      <div class="message-meta" classList={{ 'sr-only': props.grouped && !props.mark }}>
        <span class="message-author" dir="auto">
          {author()}
        </span>
        <time datetime={isoOf(props.message.at)} title={tooltip()}>
          {formatTime(props.message.at)}
        </time>
        <Show when={props.mark}>{(current) => <MessageMark mark={current()} />}</Show>
      </div>
      <Show
        when={editing() === null}
        fallback={
          <form
            class="message-edit"
            onSubmit={(event) => {
              event.preventDefault()
              save()
            }}
          >
            <textarea
              aria-label="Edit message"
              dir="auto"
              rows="3"
              value={editing() ?? ''}
              ref={(el) => queueMicrotask(() => el.focus())}
              onInput={(event) => setEditing(event.currentTarget.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape') {
                  event.preventDefault() // closes the editor only, not the panel
                  setEditing(null)
                } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
                  event.preventDefault()
                  save()
                }
              }}
            />
            <div class="message-edit-actions">
              <button type="submit" class="button small primary">
                Save
              </button>
              <button type="button" class="button small secondary" onClick={() => setEditing(null)}>
                Cancel
              </button>
            </div>
          </form>
        }
      >
        <Show when={!props.message.deleted} fallback={<p class="message-text message-deleted">Message deleted</p>}>
          <div class="message-body" classList={{ collapsed: long() && !expanded() }}>
            <MessageText class="message-text" text={props.message.text} mentions={props.message.mentions} />
          </div>
          <Show when={long()}>
            <button type="button" class="link-button show-more" aria-expanded={expanded()} onClick={() => setExpanded((open) => !open)}>
              {expanded() ? 'Show less' : 'Show more'}
            </button>
          </Show>
        </Show>
      </Show>
      <Show when={props.message.editedAt !== undefined && !props.message.deleted}>
        <span class="edited-mark" title={`Edited ${formatFull(props.message.editedAt!)}`}>
          edited
        </span>
      </Show>
      <Show when={props.mark === 'failed'}>
        <div class="message-failure">
          <span>Not delivered.</span>
          <button type="button" class="link-button" onClick={() => props.onRetry()}>
            Retry
          </button>
          <button type="button" class="link-button danger" onClick={() => props.onDiscard()}>
            Discard
          </button>
        </div>
      </Show>
      <Show when={mine() && props.editable && !props.message.deleted && editing() === null}>
        <div class="message-actions">
          <button type="button" class="link-button" onClick={() => setEditing(props.message.text)}>
            Edit<span class="sr-only"> message</span>
          </button>
          <button type="button" class="link-button" onClick={remove}>
            Delete<span class="sr-only"> message</span>
          </button>
        </div>
      </Show>
    </li>
  )
}
