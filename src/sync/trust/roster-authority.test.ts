import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../domain/hlc';
import type { SiteId } from '../../domain/ids';
import type { RosterEntry } from '../../domain/model';
import { RosterAuthority, showSetters } from './roster-authority';

const site = (name: string) => name as SiteId;
const row = (id: string, role: RosterEntry['role']): RosterEntry => ({
  id: site(id),
  name: id,
  role,
  lastSeen: 1,
});
const roleOf = (authority: RosterAuthority, id: string) => {
  const standing = authority.standing(site(id));
  return standing.kind === 'admitted' ? standing.role : standing.kind;
};

describe('the roster stand-in for the admissions', () => {
  it('gives each kiosk the role of its roster row, and this kiosk its own', () => {
    const authority = new RosterAuthority(site('self'), () => 'curtain');
    authority.update([row('tablet', 'makeup'), row('wall', 'wall')], undefined);
    expect(roleOf(authority, 'tablet')).toBe('makeup');
    expect(roleOf(authority, 'wall')).toBe('wall');
    expect(roleOf(authority, 'self')).toBe('curtain');
  });

  it('counts the kiosk that set the show up as its producer, whichever screen it shows now', () => {
    const authority = new RosterAuthority(site('self'), () => 'wall');
    const showRow = {
      id: 'show-1',
      title: 'Maison',
      phase: 'live',
      _clocks: { title: encodeHlc(1, 0, site('founder')), phase: encodeHlc(2, 0, site('curtain')) },
    };
    expect(showSetters(showRow)).toEqual(['founder']);
    authority.update([row('founder', 'wall'), row('curtain', 'curtain')], showRow);
    expect(roleOf(authority, 'founder')).toBe('producer');
    // The curtain's GO wrote the phase: that makes no producer.
    expect(roleOf(authority, 'curtain')).toBe('curtain');
  });

  it('keeps a kiosk seen as the producer one, and takes a kiosk not in the roster yet as before roles', () => {
    const authority = new RosterAuthority(site('self'), () => 'wall');
    authority.update([row('laptop', 'producer')], undefined);
    authority.update([row('laptop', 'curtain')], undefined);
    expect(roleOf(authority, 'laptop')).toBe('producer');
    expect(roleOf(authority, 'newcomer')).toBe('producer');
  });

  it('tells its listeners when a role changes, and only then', () => {
    const authority = new RosterAuthority(site('self'), () => 'wall');
    let calls = 0;
    authority.subscribe(() => calls++);
    authority.update([row('tablet', 'makeup')], undefined);
    authority.update([row('tablet', 'makeup')], undefined);
    authority.update([row('tablet', 'content')], undefined);
    expect(calls).toBe(2);
  });
});
