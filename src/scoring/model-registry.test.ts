import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { ModelPerformance } from './model-registry.store.ts'
import { nextVersion } from './model-registry.ts'
import { openScoringWorld, syntheticModel, type ScoringWorld } from './scoring.fixture.ts'

const performance = (auc: number): ModelPerformance => ({
  train: { rows: 4000, events: 400, eventRate: 0.1, auc, gini: 2 * auc - 1, ks: 0.4 },
  outOfTime: null,
  population: null,
})

describe('model registry', () => {
  let w: ScoringWorld
  const statuses = async () =>
    (
      await sql<{
        version: string
        status: string
      }>`select version, status from models order by version`.execute(w.db.kysely)
    ).rows.map((r) => `${r.version}:${r.status}`)
  const auditOf = async (action: string) =>
    (await w.mods.audit.tail({ limit: 100 })).filter((e) => e.action === action)

  before(async () => {
    w = await openScoringWorld()
  })
  after(() => w.dispose())

  it('numbers versions per segment and observation date', () => {
    assert.equal(nextVersion('thick', '2024-06-30', []), 'thick-2024-06-30-1')
    assert.equal(
      nextVersion('thick', '2024-06-30', ['thick-2024-06-30-1', 'thick-2024-06-30-9', 'thin-2024-06-30-12']),
      'thick-2024-06-30-10',
    )
  })

  it('stores trained models as candidates with their card, and audits each', async () => {
    const reg = w.mods.scoring.registry
    const a = await reg.register({
      model: syntheticModel('thick', { seed: 1 }),
      asOf: '2024-06-30',
      performance: performance(0.8),
    })
    const b = await reg.register({
      model: syntheticModel('thick', { seed: 2 }),
      asOf: '2024-06-30',
      performance: performance(0.81),
    })
    const c = await reg.register({
      model: syntheticModel('thin', { seed: 3 }),
      asOf: '2024-06-30',
      performance: performance(0.7),
    })
    assert.deepEqual(
      [a.version, b.version, c.version],
      ['thick-2024-06-30-1', 'thick-2024-06-30-2', 'thin-2024-06-30-1'],
    )
    const stored = await reg.get('thick-2024-06-30-2')
    assert.equal(stored?.status, 'candidate')
    assert.equal(stored?.model.version, 'thick-2024-06-30-2')
    assert.ok(stored.model.card.performance.train.auc > 0.6)
    assert.deepEqual(
      stored.model.attributes.map((x) => x.bins.length > 1),
      stored.model.attributes.map(() => true),
    )
    assert.equal(stored.performance.train.auc, 0.81)
    const trained = await auditOf('scorecard.trained')
    assert.deepEqual(trained.map((e) => e.target).sort(), [
      'thick-2024-06-30-1',
      'thick-2024-06-30-2',
      'thin-2024-06-30-1',
    ])
    assert.equal(trained[0]!.actor.id, 'test')
  })

  it('promotes a candidate to the one champion of its segment and retires the previous one, audited', async () => {
    const first = await w.mods.scoring.promote('thick-2024-06-30-1')
    assert.deepEqual([first.retired, first.unchanged, first.promoted.status], [null, false, 'champion'])
    const second = await w.mods.scoring.promote('thick-2024-06-30-2')
    assert.equal(second.retired, 'thick-2024-06-30-1')
    await w.mods.scoring.promote('thin-2024-06-30-1')
    assert.deepEqual(await statuses(), [
      'thick-2024-06-30-1:retired',
      'thick-2024-06-30-2:champion',
      'thin-2024-06-30-1:champion',
    ])
    const promoted = await auditOf('scorecard.promoted')
    assert.deepEqual(
      promoted.map((e) => [e.target, e.details['segment'], e.details['retired']]),
      [
        ['thin-2024-06-30-1', 'thin', null],
        ['thick-2024-06-30-2', 'thick', 'thick-2024-06-30-1'],
        ['thick-2024-06-30-1', 'thick', null],
      ],
    )
  })

  it('rolls back by promoting a retired model again, and leaves a champion as it is', async () => {
    const back = await w.mods.scoring.promote('thick-2024-06-30-1')
    assert.equal(back.retired, 'thick-2024-06-30-2')
    const again = await w.mods.scoring.promote('thick-2024-06-30-1')
    assert.equal(again.unchanged, true)
    assert.deepEqual(await statuses(), [
      'thick-2024-06-30-1:champion',
      'thick-2024-06-30-2:retired',
      'thin-2024-06-30-1:champion',
    ])
    assert.equal((await auditOf('scorecard.promoted')).length, 4)
  })

  it('keeps one champion per segment even against a direct write', async () => {
    await assert.rejects(
      sql`update models set status = 'champion', promoted_at = now() where version = 'thick-2024-06-30-2'`.execute(
        w.db.kysely,
      ),
      /models_one_champion|duplicate key/,
    )
  })

  it('refuses to promote an unknown version or a model on another scale than the profile', async () => {
    await assert.rejects(w.mods.scoring.promote('thick-2099-01-01-1'), /no model version thick-2099-01-01-1/)
    const other = await w.mods.scoring.registry.register({
      model: syntheticModel('thick', { range: { min: 100, max: 999 } }),
      asOf: '2024-07-31',
      performance: performance(0.8),
    })
    await assert.rejects(
      w.mods.scoring.promote(other.version),
      /scores 100-999 but the US-FCRA profile's range is 300-850/,
    )
    assert.equal((await w.mods.scoring.registry.get(other.version))?.status, 'candidate')
  })

  it('lists every model with its status and performance, without the model JSON', async () => {
    const list = await w.mods.scoring.models()
    assert.deepEqual(
      list.map((m) => [m.version, m.status]),
      [
        ['thick-2024-07-31-1', 'candidate'],
        ['thick-2024-06-30-2', 'retired'],
        ['thick-2024-06-30-1', 'champion'],
        ['thin-2024-06-30-1', 'champion'],
      ],
    )
    assert.equal('model' in list[0]!, false)
  })
})
