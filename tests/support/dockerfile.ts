// Reads the few Dockerfile instructions Parley's Dockerfile uses (FROM … AS, COPY [--from], RUN,
// ENV, USER, HEALTHCHECK … CMD, CMD), so that a test can carry out its stages without Docker.

export interface CopyStep {
  from: string | null
  sources: string[]
  dest: string
}

export interface Stage {
  name: string
  copies: CopyStep[]
  runs: string[]
  env: Record<string, string>
  user: string | null
  healthcheck: string[] | null
  cmd: string[] | null
}

export function readDockerfile(text: string): Stage[] {
  const stages: Stage[] = []
  // Continuation lines join their instruction; comments go.
  const lines = text.replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  for (const line of lines) {
    const [instruction = '', ...rest] = line.split(/\s+/)
    const args = rest.join(' ')
    if (instruction === 'FROM') {
      stages.push({ name: /\bAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages.length), copies: [], runs: [], env: {}, user: null, healthcheck: null, cmd: null })
      continue
    }
    const stage = stages.at(-1)
    if (!stage) throw new Error(`${instruction} before FROM`)
    switch (instruction) {
      case 'COPY': {
        const words = rest.filter((w) => !w.startsWith('--') || w.startsWith('--from='))
        const from = words[0]?.startsWith('--from=') ? words.shift()!.slice('--from='.length) : null
        const dest = words.pop()!
        stage.copies.push({ from, sources: words, dest })
        break
      }
      case 'RUN':
        stage.runs.push(args)
        break
      case 'ENV':
        for (const [, key, value] of args.matchAll(/(\w+)=(\S+)/g)) stage.env[key!] = value!
        break
      case 'USER':
        stage.user = args
        break
      case 'HEALTHCHECK':
        stage.healthcheck = JSON.parse(args.slice(args.indexOf('CMD') + 3)) as string[]
        break
      case 'CMD':
        stage.cmd = JSON.parse(args) as string[]
        break
    }
  }
  return stages
}
