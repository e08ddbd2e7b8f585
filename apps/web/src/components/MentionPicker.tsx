// The list of records under the "@query" in the message field: icon, label, number and a second
// line (company, title or email) per record, so that two records of one name differ, the one the arrows are on highlighted, and a line that says when results are limited
// (offline) or missing. A listbox the field points into with aria-activedescendant; the field
// keeps the focus, so clicks here must not take it.

import { For, Show } from 'solid-js'
import type { RecordHit } from '../state/records.ts'
import { RECORD_TYPE_NAMES, RecordIcon } from './RecordIcon.tsx'

export interface MentionPickerProps {
  id: string
  records: RecordHit[]
  active: number
  /** A line under the list: why it is empty or limited, or null. */
  note: string | null
  busy: boolean
  place: { top: number; left: number }
  onPick(record: RecordHit): void
  onHover(index: number): void
}

/** The id of the option at `index` in the list `listId`, for aria-activedescendant. */
export const optionId = (listId: string, index: number) => `${listId}-option-${index}`

export function MentionPicker(props: MentionPickerProps) {
  return (
    <div class="mention-picker" style={{ top: `${props.place.top}px`, left: `${props.place.left}px` }} onMouseDown={(event) => event.preventDefault()}>
      <ul id={props.id} role="listbox" aria-label="Records to mention" aria-busy={props.busy}>
        <For each={props.records}>
          {(record, index) => (
            <li
              id={optionId(props.id, index())}
              role="option"
              aria-selected={index() === props.active}
              class="mention-option"
              onMouseMove={() => index() !== props.active && props.onHover(index())}
              onClick={() => props.onPick(record)}
            >
              <span class="mention-option-icon" title={RECORD_TYPE_NAMES[record.type]}>
                <RecordIcon type={record.type} />
              </span>
              <span class="mention-option-text">
                <span class="mention-option-label" dir="auto">
                  {record.label}
                </span>
                <Show when={record.detail}>
                  <span class="mention-option-detail" dir="auto">
                    {record.detail}
                  </span>
                </Show>
              </span>
              <span class="mention-option-number">{record.number || RECORD_TYPE_NAMES[record.type]}</span>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.note}>
        <p class="mention-note" role="status">
          {props.note}
        </p>
      </Show>
    </div>
  )
}
