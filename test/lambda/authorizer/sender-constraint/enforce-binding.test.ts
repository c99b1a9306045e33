import { generateKeyPair, generateProof } from 'dpop';
import type { APIGatewayRequestAuthorizerEvent, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { parseAuthorization } from '../../../../lambda/authorizer/sender-constraint/authorization-scheme';
import { certificateThumbprint } from '../../../../lambda/authorizer/sender-constraint/certificate-binding';
import { DpopProofChecker } from '../../../../lambda/authorizer/sender-constraint/dpop-proof';
import { enforceBinding, type SenderConstraintSettings } from '../../../../lambda/authorizer/sender-constraint/enforce-binding';
import { jwkThumbprint } from '../../../../lambda/authorizer/sender-constraint/jwk-thumbprint';
import { ReplayGuard } from '../../../../lambda/authorizer/sender-constraint/replay-guard';
import { httpApiEvidence, publicRequestUrl, restEvidence, type SenderEvidence } from '../../../../lambda/authorizer/sender-constraint/request-evidence';
import { bindingFromCnf } from '../../../../lambda/authorizer/sender-constraint/token-binding';
import { TokenError } from '../../../../lambda/shared/errors';
import { createDemoPki, issueClientCertificate, type DemoPki } from '../../../../local/mtls/demo-pki';

const URL_ = 'https://api.example.com/invoices';

async function codeOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    if (error instanceof TokenError) return error.code;
    throw error;
  }
  return undefined;
}

function settings(): SenderConstraintSettings {
  return {
    accepted: true,
    proofs: new DpopProofChecker(['ES256']),
    replay: new ReplayGuard({ maxEntries: 100, now: Date.now }),
    windowSeconds: 60,
    publicBaseUrl: 'https://api.example.com',
    localMode: false,
    now: Date.now,
  };
}

const evidence = (overrides: Partial<SenderEvidence> = {}): (() => SenderEvidence) => () => ({ dpop: [], method: 'GET', fullPath: '/prod/invoices', apiPath: '/invoices', domainName: 'x.execute-api.eu-west-1.amazonaws.com', ...overrides });

describe('bindingFromCnf', () => {
  it.each([
    [undefined, undefined],
    [{ jkt: 'abc' }, { jkt: 'abc' }],
    [{ 'x5t#S256': 'def' }, { x5tS256: 'def' }],
    [{ jkt: 'abc', 'x5t#S256': 'def' }, { jkt: 'abc', x5tS256: 'def' }],
    [{ jwk: { kty: 'EC' } }, { unsupported: true }],
    [{ jkt: 'abc', kid: 'k' }, { unsupported: true }],
    [{ jkt: 1 }, { unsupported: true }],
    [{}, { unsupported: true }],
    ['jkt', { unsupported: true }],
    [null, { unsupported: true }],
  ])('%j -> %j', (cnf, binding) => {
    expect(bindingFromCnf(cnf)).toEqual(binding);
  });
});

describe('parseAuthorization', () => {
  it('reads the DPoP scheme (any case) and Bearer, with the same token syntax', () => {
    expect(parseAuthorization(['DPoP abc.def'])).toEqual({ scheme: 'DPoP', token: 'abc.def' });
    expect(parseAuthorization(['dpop abc'])).toEqual({ scheme: 'DPoP', token: 'abc' });
    expect(parseAuthorization(['Bearer abc'])).toEqual({ scheme: 'Bearer', token: 'abc' });
    for (const bad of [['DPoP'], ['DPoP a b'], ['DPoP abc', 'DPoP abc'], ['DPoPabc']]) {
      expect(() => parseAuthorization(bad)).toThrow(TokenError);
    }
  });
});

describe('enforceBinding', () => {
  it('lets an unbound token through as Bearer and refuses it with the DPoP scheme', async () => {
    expect(await codeOf(() => enforceBinding({ scheme: 'Bearer', token: 't' }, undefined, evidence(), settings()))).toBeUndefined();
    expect(await codeOf(() => enforceBinding({ scheme: 'DPoP', token: 't' }, undefined, evidence(), settings()))).toBe('ERR_DPOP_TOKEN_UNBOUND');
  });

  it('refuses every bound token when bound tokens are not accepted, and an uncheckable cnf always', async () => {
    expect(await codeOf(() => enforceBinding({ scheme: 'DPoP', token: 't' }, { jkt: 'k' }, evidence(), undefined))).toBe('ERR_BOUND_TOKEN_NOT_ACCEPTED');
    expect(await codeOf(() => enforceBinding({ scheme: 'Bearer', token: 't' }, { x5tS256: 'c' }, evidence(), undefined))).toBe('ERR_BOUND_TOKEN_NOT_ACCEPTED');
    expect(await codeOf(() => enforceBinding({ scheme: 'Bearer', token: 't' }, { unsupported: true }, evidence(), settings()))).toBe('ERR_BOUND_TOKEN_NOT_ACCEPTED');
  });

  it('DPoP: refuses Bearer, a TOKEN event (no evidence), another key; accepts its own fresh proof once', async () => {
    const keys = await generateKeyPair('ES256', { extractable: true });
    const jkt = jwkThumbprint((await crypto.subtle.exportKey('jwk', keys.publicKey)) as Record<string, unknown>)!;
    const proof = await generateProof(keys, URL_, 'GET', undefined, 't');
    const policy = settings();
    expect(await codeOf(() => enforceBinding({ scheme: 'Bearer', token: 't' }, { jkt }, evidence({ dpop: [proof] }), policy))).toBe('ERR_BOUND_TOKEN_AS_BEARER');
    expect(await codeOf(() => enforceBinding({ scheme: 'DPoP', token: 't' }, { jkt }, undefined, policy))).toBe('ERR_DPOP_PROOF_MISSING');
    expect(await codeOf(() => enforceBinding({ scheme: 'DPoP', token: 't' }, { jkt: 'another' }, evidence({ dpop: [proof] }), policy))).toBe('ERR_DPOP_KEY_MISMATCH');
    expect(await codeOf(() => enforceBinding({ scheme: 'DPoP', token: 't' }, { jkt }, evidence({ dpop: [proof] }), policy))).toBeUndefined();
    expect(await codeOf(() => enforceBinding({ scheme: 'DPoP', token: 't' }, { jkt }, evidence({ dpop: [proof] }), policy))).toBe('ERR_DPOP_PROOF_REPLAYED');
  });

  describe('certificate binding', () => {
    let pki: DemoPki;
    beforeAll(async () => {
      pki = await createDemoPki();
    }, 60_000);

    it('needs the bound certificate: missing, another one, garbage and the right one', async () => {
      const bound = { x5tS256: certificateThumbprint(pki.client.cert) };
      const other = await issueClientCertificate(pki, 'other');
      const run = (clientCertPem?: string) => codeOf(() => enforceBinding({ scheme: 'Bearer', token: 't' }, bound, evidence({ clientCertPem }), settings()));
      expect(await run(undefined)).toBe('ERR_MTLS_CERT_MISSING');
      expect(await run(other.cert)).toBe('ERR_MTLS_CERT_MISMATCH');
      expect(await run('-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----')).toBe('ERR_MTLS_CERT_MALFORMED');
      expect(await run(pki.client.cert)).toBeUndefined();
    });
  });
});

describe('request evidence', () => {
  it('reads DPoP headers, method, host, paths and the client certificate from a REST REQUEST event', () => {
    const event = {
      type: 'REQUEST',
      httpMethod: 'POST',
      path: '/invoices',
      headers: { DPoP: 'last', 'X-Forwarded-Proto': 'https' },
      multiValueHeaders: { DPoP: ['first', 'last'] },
      requestContext: { domainName: 'api.example.com', path: '/v1/invoices', identity: { clientCert: { clientCertPem: 'PEM' } } },
    } as unknown as APIGatewayRequestAuthorizerEvent;
    expect(restEvidence(event)).toEqual({ dpop: ['first', 'last'], method: 'POST', domainName: 'api.example.com', fullPath: '/v1/invoices', apiPath: '/invoices', forwardedProto: 'https', clientCertPem: 'PEM' });
  });

  it('reads an HTTP API event, its joined DPoP header and requestContext.authentication.clientCert', () => {
    const event = {
      version: '2.0',
      rawPath: '/invoices',
      headers: { dpop: 'a,b' },
      requestContext: { domainName: 'api.example.com', http: { method: 'GET' }, authentication: { clientCert: { clientCertPem: 'PEM' } } },
    } as unknown as APIGatewayRequestAuthorizerEventV2;
    expect(httpApiEvidence(event)).toMatchObject({ dpop: ['a,b'], method: 'GET', fullPath: '/invoices', clientCertPem: 'PEM' });
  });

  it('builds the public URL from the base URL, the local gateway, or the host and full path', () => {
    const seen = evidence({ domainName: 'abc.execute-api.eu-west-1.amazonaws.com' })();
    expect(publicRequestUrl(seen, { publicBaseUrl: 'https://api.example.com/v1/', localMode: false })).toBe('https://api.example.com/v1/invoices');
    expect(publicRequestUrl({ ...seen, domainName: '127.0.0.1:3000' }, { localMode: true })).toBe('http://127.0.0.1:3000/invoices');
    expect(publicRequestUrl({ ...seen, domainName: '127.0.0.1:3000', forwardedProto: 'https' }, { localMode: true })).toBe('https://127.0.0.1:3000/invoices');
    expect(publicRequestUrl(seen, { localMode: false })).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/prod/invoices');
  });
});
