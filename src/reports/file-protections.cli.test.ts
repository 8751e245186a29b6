// The protections as `openbureau file` shows them: none, a freeze that binds, one lifted for a while, and each
// fraud alert in force with its kind, dates and contact number.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FraudAlert } from '../rights/index.ts'
import { renderProtections } from './file-protections.cli.ts'

const alert = (over: Partial<FraudAlert>): FraudAlert => ({
  id: '6f1c2a6e-0000-4000-8000-000000000001',
  kind: 'initial',
  status: 'active',
  placedAt: '2024-07-10T09:00:00.000Z',
  expiresAt: '2025-07-10T09:00:00.000Z',
  removedAt: null,
  contactPhone: null,
  notice: 'The consumer has asked that users verify their identity.',
  ...over,
})
const none = { frozen: false, since: null, liftedUntil: null }

describe('renderProtections', () => {
  it('says none of either when there is none', () => {
    assert.deepEqual(renderProtections({ freeze: none, alerts: [] }), [
      'Security freeze: none',
      'Fraud alerts in force: none',
    ])
  })

  it('says since when a freeze binds, and until when it is lifted for a while', () => {
    const since = '2024-07-01T10:00:00.000Z'
    const binds = renderProtections({ freeze: { frozen: true, since, liftedUntil: null }, alerts: [] })
    assert.equal(
      binds[0],
      "Security freeze: in force since 2024-07-01: lenders' reports are refused while it binds",
    )
    const until = '2024-08-01T00:00:00.000Z'
    const lifted = renderProtections({ freeze: { frozen: false, since, liftedUntil: until }, alerts: [] })
    assert.equal(lifted[0], `Security freeze: placed 2024-07-01, lifted for a while until ${until}`)
  })

  it('lists each alert in force with its kind, dates and the number to call, if any', () => {
    const lines = renderProtections({
      freeze: none,
      alerts: [
        alert({}),
        alert({ kind: 'active_duty', contactPhone: '+12025550143', expiresAt: '2025-07-10T09:00:00.000Z' }),
      ],
    })
    assert.deepEqual(lines.slice(1), [
      'Fraud alerts in force:',
      '  initial alert, placed 2024-07-10, until 2025-07-10; no contact number',
      '  active duty alert, placed 2024-07-10, until 2025-07-10; call +12025550143',
    ])
  })
})
