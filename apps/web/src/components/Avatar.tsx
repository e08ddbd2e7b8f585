// A person's initials on a colour picked from their name, so that faces stay put across views.

import { createMemo } from 'solid-js'

const HUES = [211, 262, 330, 12, 28, 150, 175, 195]

export function Avatar(props: { name: string; size?: 'small' | 'large' }) {
  const initials = createMemo(() =>
    props.name
      .split(/\s+/u)
      .filter(Boolean)
      .slice(0, 2)
      .map((word) => word[0]?.toUpperCase() ?? '')
      .join(''),
  )
  const hue = createMemo(() => {
    let hash = 0
    for (const char of props.name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
    return HUES[hash % HUES.length]
  })
  return (
    <span class={`avatar ${props.size ?? ''}`} style={{ '--hue': String(hue()) }} aria-hidden="true">
      {initials()}
    </span>
  )
}
