import { describe, expect, it } from 'vitest';
import { applyOp, type StoredRow } from './merge';
import { demoShow } from './demo';
import { encodeHlc } from './hlc';
import type { ShowId, SiteId } from './ids';
import { toEntity } from './defaults';
import { quickChanges, runningOrder } from './running-order';
import type { Look } from './model';
import { curtainAt } from './show-time';

describe('demo show', () => {
  const now = new Date(2026, 10, 26, 14, 10).getTime();
  const changes = demoShow('demo1234' as ShowId, 'site' as SiteId, now);
  const rows = new Map<string, StoredRow>();
  changes.forEach((change, i) => {
    const key = `${change.table}/${change.key}`;
    const next = applyOp(rows.get(key), {
      ...change,
      site: 'site' as SiteId,
      seq: i + 1,
      hlc: encodeHlc(now, i, 'site' as SiteId),
    });
    if (next) rows.set(key, next);
  });
  const of = (table: string) =>
    [...rows.entries()].filter(([key]) => key.startsWith(`${table}/`)).map(([, row]) => row);
  const looks = of('looks').map((row) => toEntity('looks', row)) as Look[];

  it('feels real: 30+ looks, 15+ models, sections', () => {
    expect(looks.length).toBeGreaterThanOrEqual(30);
    expect(of('models').length).toBeGreaterThanOrEqual(15);
    expect(new Set(looks.map((look) => look.section)).size).toBeGreaterThanOrEqual(3);
  });

  it('has exactly two quick changes at its own thresholds', () => {
    const show = toEntity('shows', of('shows')[0] as StoredRow);
    expect(quickChanges(show, looks)).toHaveLength(2);
    expect(runningOrder(looks)[0]?.look.walkNotes).not.toBe('');
  });

  it('puts the curtain at least 90 minutes ahead, on a half hour', () => {
    const show = toEntity('shows', of('shows')[0] as StoredRow);
    const at = curtainAt(show) as number;
    expect(at - now).toBeGreaterThanOrEqual(90 * 60_000);
    expect(new Date(at).getMinutes() % 30).toBe(0);
  });
});
