// Operator commands: `openbureau members add|add-metro2-id|list|suspend|reactivate` and
// `openbureau keys create|list|revoke|rotate`.
import { InvalidArgumentError, type Command } from 'commander'
import { isStandardOutputFailure, writeOutNow } from '../platform/cli/standard-output.ts'
import { renderTable } from '../platform/cli/table.ts'
import { MEMBER_KINDS, ROLES, type Member } from './members.model.ts'
import type { MembersService } from './members.service.ts'

const list = (v: string, prev: string[] = []) => {
  const items = v.split(',').map((s) => s.trim())
  // An empty item is a slip (`--metro2-id ''`, `a,,b`), not nothing: said, rather than quietly dropped.
  if (items.some((s) => s === '')) throw new InvalidArgumentError('must not be empty, nor hold an empty item')
  return [...prev, ...items]
}
const out = (s: string) => process.stdout.write(s)
/** The secret, on standard output before the key is stored: one that cannot be shown is not kept. */
const showKey = (key: string) => writeOutNow(`${key}\n`)

const showMembers = (ms: Member[]) =>
  renderTable(
    ['id', 'name', 'kind', 'roles', 'status', 'metro2 ids'],
    ms.map((m) => [m.id, m.name, m.kind, m.roles.join(','), m.status, m.metro2Ids.join(',')]),
  )

export function registerMembersCommands(program: Command, members: () => Promise<MembersService>): void {
  const cmd = program
    .command('members')
    .description('institutions that furnish data, use reports or supervise')
  cmd
    .command('add')
    .description('register a member')
    .requiredOption('--id <id>', 'short id, e.g. first-national')
    .requiredOption('--name <name>', 'legal name')
    .requiredOption('--kind <kind>', MEMBER_KINDS.join('|'))
    .requiredOption('--roles <roles>', `comma separated: ${ROLES.join(',')}`, list)
    .option('--metro2-id <id>', 'Metro 2 identification number (repeatable)', list, [])
    .option('--json', 'print JSON')
    .action(
      async (o: {
        id: string
        name: string
        kind: string
        roles: string[]
        metro2Id: string[]
        json?: boolean
      }) => {
        const m = await (
          await members()
        ).add({
          id: o.id,
          name: o.name,
          kind: o.kind as Member['kind'],
          roles: o.roles as Member['roles'],
          metro2Ids: o.metro2Id,
        })
        out(o.json ? JSON.stringify(m, null, 2) + '\n' : showMembers([m]))
      },
    )
  cmd
    .command('add-metro2-id <id> <metro2Ids...>')
    .description('register more Metro 2 identification numbers to a member (those it holds are kept)')
    .action(async (id: string, metro2Ids: string[]) => {
      out(showMembers([await (await members()).addMetro2Ids(id, metro2Ids)]))
    })
  cmd
    .command('list')
    .description('list every member, with its roles, status and Metro 2 identification numbers')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const ms = await (await members()).list()
      out(o.json ? JSON.stringify(ms, null, 2) + '\n' : showMembers(ms))
    })
  cmd
    .command('suspend <id>')
    .description('stop a member from furnishing and from receiving reports')
    .action(async (id: string) => {
      out(showMembers([await (await members()).suspend(id)]))
    })
  cmd
    .command('reactivate <id>')
    .description('let a suspended member furnish and receive reports again')
    .action(async (id: string) => {
      out(showMembers([await (await members()).reactivate(id)]))
    })

  const keys = program.command('keys').description("members' API keys")
  keys
    .command('create')
    .description('issue an API key for a member: printed once, only its hash is stored')
    .requiredOption('--member <id>', 'member id')
    .option('--label <text>', 'what the key is for')
    .action(async (o: { member: string; label?: string }) => {
      const { info } = await (
        await members()
      )
        .createApiKey(o.member, o.label ?? null, showKey)
        .catch((e: unknown) => {
          if (isStandardOutputFailure(e)) process.stderr.write('openbureau: no key was made\n')
          throw e
        })
      process.stderr.write(`key ${info.keyId} for ${info.memberId}: shown once, only its hash is stored\n`)
    })
  keys
    .command('list')
    .description("list a member's API keys (ids and labels, never the keys)")
    .requiredOption('--member <id>', 'member id')
    .action(async (o: { member: string }) => {
      const ks = await (await members()).apiKeys(o.member)
      out(
        renderTable(
          ['key id', 'label', 'created', 'revoked'],
          ks.map((k) => [k.keyId, k.label, k.createdAt, k.revokedAt]),
        ),
      )
    })
  keys
    .command('revoke <keyId>')
    .description('revoke an API key: it stops working at once')
    .action(async (keyId: string) => {
      await (await members()).revokeApiKey(keyId)
      out(`key ${keyId} revoked\n`)
    })
  keys
    .command('rotate <keyId>')
    .description('issue a new key for the same member and revoke this one')
    .action(async (keyId: string) => {
      const { info } = await (await members()).rotateApiKey(keyId, showKey).catch((e: unknown) => {
        if (isStandardOutputFailure(e))
          process.stderr.write(`openbureau: no key was made; ${keyId} still works\n`)
        throw e
      })
      process.stderr.write(`key ${info.keyId} replaces ${keyId}, which is revoked\n`)
    })
}
