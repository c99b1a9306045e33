// The token hash keys the authorizer's DynamoDB cache, so its output must never change.
import { createHash } from 'node:crypto';
import { tokenHash, tokenHashPrefix } from '../../../lambda/shared/token-hash';

describe('tokenHash', () => {
  it('is the domain-separated SHA-256 it always was', () => {
    for (const token of ['', 'opaque-token', 'a.b.c', 'ü'.repeat(300)]) {
      for (const domain of ['cache', 'validator'] as const) {
        const expected = createHash('sha256').update(`cdk-phantom-token:${domain}:`).update(token).digest('hex');
        expect(tokenHash(token, domain)).toBe(expected);
      }
    }
    expect(tokenHash('x')).toBe(tokenHash('x', 'cache'));
    expect(tokenHash('x', 'cache')).not.toBe(tokenHash('x', 'validator'));
  });

  it('logs only a 12-character prefix', () => {
    expect(tokenHashPrefix(tokenHash('x'))).toHaveLength(12);
  });
});
