// The local key set: jose selects and imports, a found key comes back synchronously afterwards, and
// nothing about a key that was not found is remembered.
import { localKeySet } from '../../../../lambda/shared/jwt/local-key-set';
import { jwksOf, makeKeys, type TestAlg, type TestKey } from '../../validator/token-factory';

let keys: Record<TestAlg, TestKey>;
beforeAll(async () => {
  keys = await makeKeys();
});

describe('localKeySet', () => {
  it('selects by alg and kid through jose first, then answers synchronously with the same key', async () => {
    const keySet = localKeySet(jwksOf(keys.RS256, keys.ES256));
    const first = keySet({ alg: 'ES256', kid: keys.ES256.kid });
    expect(first).toBeInstanceOf(Promise);
    const key = await first;
    expect(keySet({ alg: 'ES256', kid: keys.ES256.kid })).toBe(key);
    // Without a kid the single key of the type is found, and remembered apart from the kid lookup.
    const byType = await keySet({ alg: 'RS256' });
    expect(keySet({ alg: 'RS256' })).toBe(byType);
  });

  it('keeps refusing an unknown kid, and a kid under another alg, without remembering either', async () => {
    const keySet = localKeySet(jwksOf(keys.RS256));
    for (let i = 0; i < 3; i++) {
      await expect(keySet({ alg: 'RS256', kid: `forged-${i}` })).rejects.toMatchObject({ code: 'ERR_JWT_SIGNATURE', detail: { key: 'none_matching' } });
      await expect(keySet({ alg: 'ES256', kid: keys.RS256.kid })).rejects.toMatchObject({ code: 'ERR_JWT_SIGNATURE', detail: { key: 'none_matching' } });
    }
    await expect(keySet({ alg: 'RS256', kid: keys.RS256.kid })).resolves.toHaveProperty('type', 'public');
  });

  it('does not confuse a kid with an alg-and-kid spelling of another key', async () => {
    const keySet = localKeySet({ keys: [{ ...keys.RS256.publicJwk, kid: 'a #b' }] });
    await expect(keySet({ alg: 'RS256', kid: 'a #b' })).resolves.toHaveProperty('type', 'public');
    await expect(keySet({ alg: 'RS256 #a', kid: 'b' })).rejects.toMatchObject({ code: 'ERR_JWT_SIGNATURE', detail: { key: 'unusable' } });
  });
});
