// How times and counts read in the UI, in the browser's locale through `Intl`. Nothing here is
// stored. Short forms go on screen; the full date and time goes into a tooltip beside them.

const startedFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' })
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' })
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short' })
const dateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' })
const dayWithYearFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' })
const relativeDay = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })

const DAY = 86_400_000
const startOfDay = (ms: number) => new Date(ms).setHours(0, 0, 0, 0)
/** Calendar days from `ms` to `now` (0 today, 1 yesterday), whatever the daylight saving. */
const daysAgo = (ms: number, now: number) => Math.round((startOfDay(now) - startOfDay(ms)) / DAY)
const capitalized = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1)

export const sameDay = (a: number, b: number) => startOfDay(a) === startOfDay(b)

/** "Today", "Yesterday", "Friday, November 27" (with the year when it is not this year). */
export function formatDay(ms: number, now: number): string {
  const days = daysAgo(ms, now)
  if (days === 0 || days === 1) return capitalized(relativeDay.format(-days, 'day'))
  return (new Date(ms).getFullYear() === new Date(now).getFullYear() ? dayFormat : dayWithYearFormat).format(ms)
}

/** When a chat started: "Today, 7:44 AM", "Yesterday, 7:44 AM", else "Nov 24, 2025, 9:25 PM". */
export function formatStarted(ms: number, now: number): string {
  const days = daysAgo(ms, now)
  if (days === 0 || days === 1) return `${formatDay(ms, now)}, ${timeFormat.format(ms)}`
  return startedFormat.format(ms)
}

/** Short and relative to `now`, for a row: "Just now", "9:25 PM", "Yesterday", "Mon", "Nov 3". */
export function formatWhen(ms: number, now: number): string {
  if (now - ms < 60_000) return 'Just now'
  const days = daysAgo(ms, now)
  if (days <= 0) return timeFormat.format(ms)
  if (days === 1) return capitalized(relativeDay.format(-1, 'day'))
  if (days < 7) return weekdayFormat.format(ms)
  return dateFormat.format(ms)
}

/** Time of day of a message: "9:25 PM" (its day is on the divider above it). */
export const formatTime = (ms: number) => timeFormat.format(ms)

/** The full date and time, for tooltips: "Sunday, November 29, 2026 at 9:25 PM". */
export const formatFull = (ms: number) => fullFormat.format(ms)

export const isoOf = (ms: number) => new Date(ms).toISOString()
