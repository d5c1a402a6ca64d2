// The show passphrase rule for the screens, which may not reach into sync themselves:
// a generated default (four random words) and the check of a typed one (at least 40 bits).
export { checkPassphrase, generatePassphrase } from '../sync/trust/passphrase';
