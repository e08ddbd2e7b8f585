// Matching what a person types against names and addresses: case- and accent-insensitive
// ("jose" finds "José Álvarez"), every word of the query somewhere in the text.

/** Lower case without accents, for comparing. */
export const foldText = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase()

/** True when every word of `query` appears in one of `fields`. */
export function matchesAll(query: string, fields: readonly string[]): boolean {
  const words = foldText(query).split(/\s+/u).filter(Boolean)
  const haystack = fields.map(foldText).join('\n')
  return words.every((word) => haystack.includes(word))
}
