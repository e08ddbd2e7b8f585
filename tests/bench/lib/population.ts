// The people a workload needs: organizations, users (with the token an arm gives them), and 1:1
// chats between two users of the same organization. Plain data, so that it crosses from the
// orchestrator (which registers users with an arm before it starts) to the load process.

import { newChatId } from '@parley/chat-model'

export interface BenchUser {
  id: string
  orgId: string
  name: string
  email: string
  /** What the arm wants as credentials: a Parley session token; empty where nothing is checked. */
  token: string
}

export interface BenchChat {
  id: string
  /** [creator, other]: the creator writes the chat's meta and connects first. */
  members: [BenchUser, BenchUser]
}

export interface Population {
  orgs: { id: string; name: string }[]
  users: BenchUser[]
  chats: BenchChat[]
}

export interface PopulationShape {
  users: number
  /** People per organization (the presence room of each organization holds this many). */
  orgSize: number
  /** Pair users 2k and 2k+1 into a chat. */
  pairs: boolean
}

/** Deterministic names, random chat ids (the contract wants 128 random bits in a chat id). */
export function makePopulation(shape: PopulationShape, tag = Date.now().toString(36)): Population {
  const orgSize = Math.max(2, shape.orgSize)
  const orgs: Population['orgs'] = []
  const users: BenchUser[] = []
  for (let i = 0; i < shape.users; i++) {
    if (i % orgSize === 0) orgs.push({ id: `bo${tag}-${orgs.length}`, name: `Bench org ${tag} ${orgs.length}` })
    const org = orgs[orgs.length - 1]!
    users.push({ id: `bu${tag}-${i}`, orgId: org.id, name: `Bench user ${i}`, email: `bench-${tag}-${i}@bench.test`, token: '' })
  }
  const chats: BenchChat[] = []
  if (shape.pairs) {
    for (let i = 0; i + 1 < users.length; i += 2) {
      const a = users[i]!
      const b = users[i + 1]!
      // Pairs never straddle two organizations as long as orgSize is even; guard it anyway.
      if (a.orgId !== b.orgId) continue
      chats.push({ id: newChatId(), members: [a, b] })
    }
  }
  return { orgs, users, chats }
}
