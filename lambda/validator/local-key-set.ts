// A key set over a JWKS the process already holds (static, or the last one fetched): jose's
// createLocalJWKSet selects and imports the key, and the key it found for an `alg` and `kid` is kept, so
// later tokens get it back synchronously instead of through jose's candidate filter and three promise
// hops. Only found keys are kept, and there are at most as many as JWKs times algorithms: a token's
// unknown kid is never remembered, whatever an attacker sends.
import { createLocalJWKSet } from 'jose';
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';

type Key = Awaited<ReturnType<JWTVerifyGetKey>>;

export function localKeySet(jwks: JSONWebKeySet): JWTVerifyGetKey {
  const select = createLocalJWKSet(jwks);
  // alg -> kid (undefined when the token names none) -> key: no string spelling of the pair to collide.
  const found = new Map<unknown, Map<unknown, Key>>();
  return (protectedHeader, token) => {
    const { alg, kid } = protectedHeader;
    const known = found.get(alg)?.get(kid);
    if (known !== undefined) return known;
    return select(protectedHeader, token).then((key) => {
      let byKid = found.get(alg);
      if (!byKid) found.set(alg, (byKid = new Map()));
      byKid.set(kid, key);
      return key;
    });
  };
}
