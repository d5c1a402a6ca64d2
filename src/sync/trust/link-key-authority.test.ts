import { describe, expect, it } from 'vitest';
import { createIdentity, encodePublicKey, openIdentity } from './identity';
import { LinkKeyAuthority, learnFromPage } from './link-key-authority';

const kiosk = async () => openIdentity(await createIdentity());

describe('the temporary link-key authority', () => {
  it('admits itself and each kiosk whose key a link join proved, in the role it joined as', async () => {
    const [self, tablet] = await Promise.all([kiosk(), kiosk()]);
    const authority = new LinkKeyAuthority(self, 'wall');
    expect(authority.standing(self.site)).toMatchObject({ kind: 'admitted', role: 'wall' });
    expect(authority.standing(tablet.site)).toEqual({ kind: 'unknown' });
    let told = 0;
    authority.subscribe(() => told++);
    authority.learn(tablet.site, tablet.publicKeyInfo, 'makeup');
    expect(authority.standing(tablet.site)).toMatchObject({ kind: 'admitted', role: 'makeup' });
    expect(told).toBe(1);
  });

  it('learns an author it never linked to from the key its pages name, only if the site is that key’s', async () => {
    const [self, tablet, forger] = await Promise.all([kiosk(), kiosk(), kiosk()]);
    const authority = new LinkKeyAuthority(self, 'wall');
    await learnFromPage(authority, tablet.site, encodePublicKey(forger.publicKeyInfo));
    expect(authority.standing(tablet.site)).toEqual({ kind: 'unknown' });
    await learnFromPage(authority, tablet.site, encodePublicKey(tablet.publicKeyInfo));
    expect(authority.standing(tablet.site)).toMatchObject({
      kind: 'admitted',
      key: tablet.publicKeyInfo,
    });
  });
});
