import { revocationValueHash } from '../../../../lambda/shared/revocation/revocation';

describe('revocationValueHash', () => {
  it('compares e-mail addresses without case, on every side that hashes one (a SET, an operator call, a JWT claim)', () => {
    expect(revocationValueHash('email', 'Bob@Example.com')).toBe(revocationValueHash('email', 'bob@example.com'));
  });

  it('keeps every other kind exact', () => {
    expect(revocationValueHash('sub', 'Bob')).not.toBe(revocationValueHash('sub', 'bob'));
    expect(revocationValueHash('client_id', 'Client')).not.toBe(revocationValueHash('client_id', 'client'));
  });
});
