// A panel view's heading. It takes focus when the view appears, so keyboard and screen-reader
// users land in the view they just opened.

import { onMount, type JSX } from 'solid-js'

export function ViewHeading(props: { children: JSX.Element; focus?: boolean }) {
  let heading: HTMLHeadingElement | undefined
  onMount(() => {
    if (props.focus !== false) heading?.focus()
  })
  return (
    <h2 class="view-title" tabindex="-1" ref={heading}>
      {props.children}
    </h2>
  )
}
