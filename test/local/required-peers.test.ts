import { LOCAL_MODE_PEERS, MissingPeerError, missingPeers } from '../../local/required-peers';

describe('missingPeers', () => {
  test('none when every peer resolves (as in this repository)', () => {
    expect(missingPeers()).toEqual([]);
  });

  test('names every peer that does not resolve, in install order', () => {
    const resolve = (name: string) => {
      if (name === 'dynalite') return '/node_modules/dynalite/index.js';
      throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
    };
    expect(missingPeers(resolve)).toEqual(LOCAL_MODE_PEERS.filter((name) => name !== 'dynalite'));
  });

  test('the error carries its code, the missing names and the install line', () => {
    const error = new MissingPeerError(['oidc-provider', 'dynalite']);
    expect(error.code).toBe('ERR_MISSING_PEER');
    expect(error.missing).toEqual(['oidc-provider', 'dynalite']);
    expect(error.message).toContain('npm install --save-dev oidc-provider dynalite');
  });
});
