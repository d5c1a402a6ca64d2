import { describe, expect, it } from 'vitest';
import type { SiteId } from './ids';
import type { Role, TableName } from './model';
import type { Json } from './op';
import { mayWrite, roleRefusal, withinRole, type RoleWrite } from './roles';

const self = 'ktablet000000000000000000' as SiteId;
const other = 'kother0000000000000000000' as SiteId;

const w = (table: TableName, field: string, value: Json = 'x', key = 'k1'): RoleWrite => ({
  table,
  key,
  field,
  value,
});

const step = { done: true, at: 1, by: self };

// What each role's screen writes today (grep of the state actions each screen calls),
// and a sample of what it must not.
const CASES: Record<Role, { allowed: RoleWrite[]; refused: RoleWrite[] }> = {
  producer: {
    allowed: [
      w('looks', 'outfit'),
      w('looks', 'rank', 'a1'),
      w('looks', '_deleted', true),
      w('shows', 'title'),
      w('notes', 'pinned', true),
      w('shoutOuts', 'hidden', true),
      w('kiosks', '_deleted', true, other),
      w('models', 'photo'),
    ],
    refused: [],
  },
  curtain: {
    allowed: [
      w('cues', 'goAt', 5),
      w('cues', 'lookId'),
      w('runs', 'startedAt', 5),
      w('runs', 'holds', [[1, 0]]),
      w('runs', 'endedAt', 9),
      w('shows', 'phase', 'rehearsal'),
      w('progress', 'walked', step),
      w('progress', 'lineup', step),
      w('calls', 'kind', 'lineup'),
      w('calls', 'rule', 'lineup'),
      w('calls', 'clearedAt', 3),
      w('kiosks', 'lastSeen', 3, self),
      w('shoutOuts', 'text'),
    ],
    refused: [
      w('looks', 'outfit'),
      w('looks', 'rank'),
      w('shows', 'title'),
      w('models', 'name'),
      w('notes', 'text'),
      w('progress', 'makeup', step),
      w('kiosks', 'role', 'producer', other),
      w('shoutOuts', 'hidden', true),
    ],
  },
  makeup: {
    allowed: [
      w('progress', 'hair', step),
      w('progress', 'makeup', step),
      w('progress', 'dressed', step),
      w('calls', 'kind', 'touch-up'),
      w('calls', 'text'),
      w('calls', 'acknowledgedAt', 4),
      w('calls', 'acknowledgedBy', 'Chair 3'),
      w('calls', 'clearedAt', 4),
      w('lookChanges', 'ackMakeup', { at: 1, by: self }),
      w('models', 'photo', 'p-1'),
      w('looks', 'photo', 'p-1'),
      w('kiosks', 'name', 'Chair 3', self),
      w('shoutOuts', 'emoji', '👏'),
    ],
    refused: [
      w('looks', 'outfit'),
      w('looks', 'rank', 'a0'),
      w('looks', '_deleted', true),
      w('models', 'name'),
      w('calls', 'kind', 'custom'),
      w('calls', 'kind', 'lineup'),
      w('calls', 'rule', 'x'),
      w('cues', 'goAt', 1),
      w('runs', 'holds', []),
      w('notes', 'pinned', true),
      w('kiosks', 'role', 'producer', other),
      w('lookChanges', 'after', 'x'),
      w('shotMarks', 'at', 1),
    ],
  },
  content: {
    allowed: [
      w('shotMarks', 'at', 5),
      w('shotMarks', 'by', self),
      w('calls', 'kind', 'photo'),
      w('calls', 'target', { kind: 'everyone' }),
      w('calls', 'clearedAt', 5),
      w('kiosks', 'lastSeen', 1, self),
      w('shoutOuts', 'text'),
    ],
    refused: [
      w('calls', 'kind', 'touch-up'),
      w('progress', 'hair', step),
      w('looks', 'photo'),
      w('models', 'photo'),
      w('cues', 'goAt', 1),
      w('shows', 'phase', 'live'),
    ],
  },
  wall: {
    allowed: [
      w('kiosks', 'name', 'Wall A', self),
      w('kiosks', 'role', 'wall', self),
      w('kiosks', 'lastSeen', 2, self),
      w('shoutOuts', 'text'),
    ],
    refused: [
      w('kiosks', 'lastSeen', 2, other),
      w('kiosks', '_deleted', true, self),
      w('calls', 'acknowledgedAt', 1),
      w('progress', 'walked', step),
      w('looks', 'outfit'),
      w('notes', 'text'),
      w('shoutOuts', 'hidden', false),
      w('shotMarks', 'at', 1),
    ],
  },
};

describe('who may write what', () => {
  for (const [role, { allowed, refused }] of Object.entries(CASES) as Array<
    [Role, (typeof CASES)[Role]]
  >) {
    describe(`a ${role} kiosk`, () => {
      it.each(allowed.map((write) => [`${write.table}.${write.field}`, write] as const))(
        'may write %s',
        (_, write) => {
          expect(roleRefusal(role, write, self)).toBeUndefined();
        },
      );
      if (refused.length > 0)
        it.each(refused.map((write) => [`${write.table}.${write.field}`, write] as const))(
          'may not write %s',
          (_, write) => {
            expect(mayWrite(role, write, self)).toBe(false);
          },
        );
    });
  }

  it('says which role and field a refusal is about', () => {
    expect(roleRefusal('makeup', w('looks', 'outfit'), self)).toBe(
      'a makeup kiosk may not write the outfit of looks',
    );
    expect(roleRefusal('wall', w('kiosks', 'name', 'x', other), self)).toBe(
      'a wall kiosk may write the name of kiosks of its own row only',
    );
    expect(roleRefusal('makeup', w('calls', 'kind', 'custom'), self)).toBe(
      'a makeup kiosk may not write the kind of calls as "custom"',
    );
    expect(roleRefusal('makeup', w('looks', '_deleted', true), self)).toBe(
      'a makeup kiosk may not delete looks',
    );
  });

  it('keeps only whole rows a role may write', () => {
    const autoCall = [
      w('calls', 'kind', 'touch-up', 'c-1'),
      w('calls', 'rule', 'touch-up', 'c-1'),
      w('calls', 'text', 'Touch-up', 'c-1'),
    ];
    const clear = w('calls', 'clearedAt', 9, 'c-2');
    expect(withinRole('makeup', [...autoCall, clear], self)).toEqual([clear]);
    expect(withinRole('curtain', [...autoCall, clear], self)).toEqual([...autoCall, clear]);
  });
});
