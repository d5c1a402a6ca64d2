import { describe, expect, it } from 'vitest';
import type { ShowId } from '../../domain/ids';
import type { Role } from '../../domain/model';
import {
  admission,
  evaluate,
  MAX_CHAIN_DEPTH,
  parseSignedStatement,
  removal,
  signStatement,
  type SignedStatement,
} from './admission';
import { createIdentity, openIdentity, type KioskIdentity } from './identity';

const show = 'spring-show' as ShowId;
const T = 1_780_000_000_000;

const kiosk = async (): Promise<KioskIdentity> => openIdentity(await createIdentity());

const admit = (
  issuer: KioskIdentity,
  subject: KioskIdentity,
  role: Role,
  at: number,
  name = 'kiosk',
): Promise<SignedStatement> =>
  signStatement(
    issuer,
    admission({
      show,
      site: subject.site,
      key: subject.publicKeyInfo,
      role,
      name,
      issuer: issuer.site,
      issuedAt: at,
    }),
  );

const remove = (issuer: KioskIdentity, subject: KioskIdentity, upTo: number, at: number) =>
  signStatement(
    issuer,
    removal({ show, site: subject.site, upTo, issuer: issuer.site, issuedAt: at }),
  );

const standingsOf = async (statements: SignedStatement[], founder: KioskIdentity) =>
  evaluate(statements, { show, founder: founder.site });

describe('admission statements', () => {
  it("roots trust at the founder's own admission", async () => {
    const founder = await kiosk();
    const result = await standingsOf([await admit(founder, founder, 'producer', T)], founder);
    expect(result.standings.get(founder.site)).toMatchObject({
      kind: 'admitted',
      role: 'producer',
    });
  });

  it('admits a tablet with the role a producer signed', async () => {
    const [founder, tablet] = [await kiosk(), await kiosk()];
    const result = await standingsOf(
      [await admit(founder, founder, 'producer', T), await admit(founder, tablet, 'makeup', T + 1)],
      founder,
    );
    expect(result.standings.get(tablet.site)).toMatchObject({ kind: 'admitted', role: 'makeup' });
    expect(result.issuers.get(tablet.site)).toBe(founder.site);
  });

  it('refuses an admission forged by a non-producer', async () => {
    const [founder, tablet, stranger] = [await kiosk(), await kiosk(), await kiosk()];
    const forged = await admit(tablet, stranger, 'producer', T + 2);
    const result = await standingsOf(
      [
        await admit(founder, founder, 'producer', T),
        await admit(founder, tablet, 'makeup', T + 1),
        forged,
      ],
      founder,
    );
    expect(result.standings.get(stranger.site)).toBeUndefined();
    expect(result.refused.map((r) => r.reason)).toEqual([
      `is signed by ${tablet.site}, which was not a producer then`,
    ]);
  });

  it('refuses a tablet that admits itself as producer', async () => {
    const [founder, tablet] = [await kiosk(), await kiosk()];
    const result = await standingsOf(
      [
        await admit(founder, founder, 'producer', T),
        await admit(founder, tablet, 'makeup', T + 1),
        await admit(tablet, tablet, 'producer', T + 2),
      ],
      founder,
    );
    expect(result.standings.get(tablet.site)).toMatchObject({ role: 'makeup' });
    expect(result.refused).toHaveLength(1);
  });

  it('refuses a removal by a non-producer', async () => {
    const [founder, wall, tablet] = [await kiosk(), await kiosk(), await kiosk()];
    const result = await standingsOf(
      [
        await admit(founder, founder, 'producer', T),
        await admit(founder, wall, 'wall', T + 1),
        await admit(founder, tablet, 'makeup', T + 2),
        await remove(tablet, wall, 0, T + 3),
      ],
      founder,
    );
    expect(result.standings.get(wall.site)).toMatchObject({ kind: 'admitted', role: 'wall' });
    expect(result.refused).toHaveLength(1);
  });

  it("removes a kiosk: its ops above the producer's seq are refused", async () => {
    const [founder, tablet] = [await kiosk(), await kiosk()];
    const result = await standingsOf(
      [
        await admit(founder, founder, 'producer', T),
        await admit(founder, tablet, 'makeup', T + 1),
        await remove(founder, tablet, 42, T + 2),
      ],
      founder,
    );
    expect(result.standings.get(tablet.site)).toMatchObject({
      kind: 'removed',
      role: 'makeup',
      upTo: 42,
    });
  });

  it('does not let a replayed old admission undo a removal, whatever order they arrive in', async () => {
    const [founder, tablet] = [await kiosk(), await kiosk()];
    const root = await admit(founder, founder, 'producer', T);
    const old = await admit(founder, tablet, 'makeup', T + 1);
    const gone = await remove(founder, tablet, 7, T + 2);
    for (const order of [
      [root, old, gone],
      [gone, old, root],
      [old, gone, root, old, old],
    ]) {
      const result = await standingsOf(order, founder);
      expect(result.standings.get(tablet.site)).toMatchObject({ kind: 'removed', upTo: 7 });
    }
  });

  it('re-admits a removed kiosk with a later admission', async () => {
    const [founder, tablet] = [await kiosk(), await kiosk()];
    const result = await standingsOf(
      [
        await admit(founder, founder, 'producer', T),
        await admit(founder, tablet, 'makeup', T + 1),
        await remove(founder, tablet, 7, T + 2),
        await admit(founder, tablet, 'curtain', T + 3),
      ],
      founder,
    );
    expect(result.standings.get(tablet.site)).toMatchObject({ kind: 'admitted', role: 'curtain' });
  });

  it("accepts a second producer's admissions and removals through its chain", async () => {
    const [founder, second, wall, tablet] = [
      await kiosk(),
      await kiosk(),
      await kiosk(),
      await kiosk(),
    ];
    const result = await standingsOf(
      [
        await admit(founder, founder, 'producer', T),
        await admit(founder, second, 'producer', T + 1),
        await admit(second, wall, 'wall', T + 2),
        await admit(second, tablet, 'makeup', T + 3),
        await remove(second, tablet, 3, T + 4),
      ],
      founder,
    );
    expect(result.refused).toEqual([]);
    expect(result.standings.get(second.site)).toMatchObject({ kind: 'admitted', role: 'producer' });
    expect(result.standings.get(wall.site)).toMatchObject({ kind: 'admitted', role: 'wall' });
    expect(result.standings.get(tablet.site)).toMatchObject({ kind: 'removed', upTo: 3 });
  });

  it('refuses what a removed producer signs after its removal, and keeps what it signed before', async () => {
    const [founder, second, wall, late] = [
      await kiosk(),
      await kiosk(),
      await kiosk(),
      await kiosk(),
    ];
    const result = await standingsOf(
      [
        await admit(founder, founder, 'producer', T),
        await admit(founder, second, 'producer', T + 1),
        await admit(second, wall, 'wall', T + 2),
        await remove(founder, second, 10, T + 3),
        await admit(second, late, 'makeup', T + 4),
      ],
      founder,
    );
    expect(result.standings.get(wall.site)).toMatchObject({ kind: 'admitted' });
    expect(result.standings.get(late.site)).toBeUndefined();
    expect(result.refused).toHaveLength(1);
  });

  it('trusts a chain only from the pinned founder', async () => {
    const [founder, impostor, tablet] = [await kiosk(), await kiosk(), await kiosk()];
    const statements = [
      await admit(impostor, impostor, 'producer', T),
      await admit(impostor, tablet, 'producer', T + 1),
    ];
    const result = await standingsOf(statements, founder);
    expect(result.standings.size).toBe(0);
    // Neither is refused for good: they wait for an issuer this kiosk could trust.
    expect(result.waiting.size).toBe(2);
  });

  it('waits with every statement while no founder is pinned', async () => {
    const founder = await kiosk();
    const result = await evaluate([await admit(founder, founder, 'producer', T)], {
      show,
      founder: undefined,
    });
    expect(result.standings.size).toBe(0);
    expect(result.waiting.size).toBe(1);
  });

  it('refuses a signature that is not the issuer’s, another show, and a key that is not the site’s', async () => {
    const [founder, tablet, other] = [await kiosk(), await kiosk(), await kiosk()];
    const root = await admit(founder, founder, 'producer', T);
    const tampered = await admit(founder, tablet, 'makeup', T + 1);
    tampered.s = { ...tampered.s, role: 'producer' } as typeof tampered.s;
    const elsewhere = await signStatement(
      founder,
      admission({
        show: 'other-show' as ShowId,
        site: other.site,
        key: other.publicKeyInfo,
        role: 'wall',
        name: '',
        issuer: founder.site,
        issuedAt: T + 2,
      }),
    );
    const wrongKey = await signStatement(
      founder,
      admission({
        show,
        site: other.site,
        key: tablet.publicKeyInfo,
        role: 'wall',
        name: '',
        issuer: founder.site,
        issuedAt: T + 3,
      }),
    );
    const result = await standingsOf([root, tampered, elsewhere, wrongKey], founder);
    expect(result.standings.size).toBe(1);
    expect(result.refused.map((r) => r.reason).sort()).toEqual(
      [
        `admits site ${other.site} with a key that is not its own`,
        `has a signature that is not ${founder.site}'s`,
        'is for another show (other-show)',
      ].sort(),
    );
  });

  it('bounds the depth of a chain of producers', async () => {
    const chain = [await kiosk()];
    const statements = [await admit(chain[0]!, chain[0]!, 'producer', T)];
    for (let i = 1; i <= MAX_CHAIN_DEPTH + 1; i++) {
      chain.push(await kiosk());
      statements.push(await admit(chain[i - 1]!, chain[i]!, 'producer', T + i));
    }
    const result = await standingsOf(statements, chain[0]!);
    expect(result.standings.get(chain[MAX_CHAIN_DEPTH]!.site)).toMatchObject({ kind: 'admitted' });
    expect(result.standings.get(chain[MAX_CHAIN_DEPTH + 1]!.site)).toBeUndefined();
  });

  it('refuses what a producer signs after its admission expired', async () => {
    const [founder, second, tablet] = [await kiosk(), await kiosk(), await kiosk()];
    const short = await signStatement(
      founder,
      admission({
        show,
        site: second.site,
        key: second.publicKeyInfo,
        role: 'producer',
        name: '',
        issuer: founder.site,
        issuedAt: T + 1,
        lifetimeMs: 1000,
      }),
    );
    const result = await standingsOf(
      [
        await admit(founder, founder, 'producer', T),
        short,
        await admit(second, tablet, 'wall', T + 5000),
      ],
      founder,
    );
    expect(result.standings.get(tablet.site)).toBeUndefined();
    expect(result.refused[0]?.reason).toContain('after its admission expired');
  });

  it('parses statements from a peer strictly and says what is wrong', async () => {
    const founder = await kiosk();
    const good = await admit(founder, founder, 'producer', T);
    expect(parseSignedStatement(JSON.parse(JSON.stringify(good))).ok).toBe(true);
    expect(parseSignedStatement({ ...good, extra: 1 })).toMatchObject({ ok: false });
    expect(parseSignedStatement({ ...good, s: { ...good.s, role: 'admin' } })).toEqual({
      ok: false,
      reason: 's.role is not a kiosk role',
    });
  });
});
