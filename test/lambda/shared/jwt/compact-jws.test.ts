// Taking a compact JWS apart: exactly three canonical base64url segments and a JSON object header, each
// fault ERR_TOKEN_MALFORMED; the header rules (no crit, no unencoded payload); and the decoded bytes.
import fc from 'fast-check';
import { isCanonicalBase64urlTail, parseCompactJws, payloadObject, signatureOf, signingInputOf } from '../../../../lambda/shared/jwt/compact-jws';
import { checkHeader } from '../../../../lambda/shared/jwt/header';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const HEADER = b64({ alg: 'ES256', kid: 'k' });
const PAYLOAD = b64({ sub: 'user' });
const SIGNATURE = b64('sixty-four bytes of signature would go here, any bytes will do.');

/** JSON padded to 3n+1 bytes (two characters carry the last byte), last character's spare bits set. */
function withTrailingBits(value: object): string {
  let json = JSON.stringify(value);
  while (Buffer.byteLength(json) % 3 !== 1) json += ' ';
  const canonical = b64(json);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const tampered = canonical.slice(0, -1) + alphabet[alphabet.indexOf(canonical.slice(-1)) + 1];
  expect(Buffer.from(tampered, 'base64url')).toEqual(Buffer.from(json));
  return tampered;
}

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return 'ACCEPTED';
}

describe('parseCompactJws', () => {
  it('takes a well-formed token apart', () => {
    const jws = parseCompactJws(`${HEADER}.${PAYLOAD}.${SIGNATURE}`);
    expect(jws).toMatchObject({ protectedHeader: { alg: 'ES256', kid: 'k' }, encodedHeader: HEADER, encodedPayload: PAYLOAD, encodedSignature: SIGNATURE });
    expect(payloadObject(jws)).toEqual({ sub: 'user' });
  });

  it.each([
    ['two segments', `${HEADER}.${PAYLOAD}`],
    ['four segments', `${HEADER}.${PAYLOAD}.${SIGNATURE}.x`],
    ['five segments (JWE)', `${HEADER}.a.b.c.d`],
    ['no dot at all', HEADER],
  ])('refuses %s as ERR_TOKEN_MALFORMED', (_name, token) => {
    expect(codeOf(() => parseCompactJws(token))).toBe('ERR_TOKEN_MALFORMED');
  });

  it.each([
    ['padding', `${HEADER}.${PAYLOAD}.${SIGNATURE}==`],
    ['base64 "+" and "/"', `${HEADER}.${PAYLOAD}.ab+/`],
    ['whitespace', `${HEADER}.${PAYLOAD} .${SIGNATURE}`],
    ['a line break', `${HEADER}.${PAYLOAD}.${SIGNATURE}\n`],
    ['a non-ASCII letter', `${HEADER}.${PAYLOAD}.é${SIGNATURE}`],
    ['a segment of 4n+1 characters', `${HEADER}.${PAYLOAD}.AAAAA`],
    ['non-zero trailing bits in the signature', `${HEADER}.${PAYLOAD}.AB`],
    ['non-zero trailing bits in the payload', `${HEADER}.${withTrailingBits({ sub: 'user' })}.${SIGNATURE}`],
    ['non-zero trailing bits in the header', `${withTrailingBits({ alg: 'ES256' })}.${PAYLOAD}.${SIGNATURE}`],
  ])('refuses %s as ERR_TOKEN_MALFORMED', (_name, token) => {
    expect(codeOf(() => parseCompactJws(token))).toBe('ERR_TOKEN_MALFORMED');
  });

  it.each([
    ['not JSON', b64('{alg')],
    ['a JSON array', b64([{ alg: 'ES256' }])],
    ['a JSON string', b64('"ES256"')],
    ['null', b64('null')],
    ['empty', ''],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]).toString('base64url')],
  ])('refuses a header that is %s as ERR_TOKEN_MALFORMED', (_name, header) => {
    expect(codeOf(() => parseCompactJws(`${header}.${PAYLOAD}.${SIGNATURE}`))).toBe('ERR_TOKEN_MALFORMED');
  });

  it('refuses what is not a string', () => {
    expect(codeOf(() => parseCompactJws(42 as unknown as string))).toBe('ERR_TOKEN_MALFORMED');
  });

  it('gives the signing input as sent and the signature bytes', () => {
    const jws = parseCompactJws(`${HEADER}.${PAYLOAD}.${SIGNATURE}`);
    expect(signingInputOf(jws).toString('latin1')).toBe(`${HEADER}.${PAYLOAD}`);
    expect(signatureOf(jws)).toEqual(Buffer.from(SIGNATURE, 'base64url'));
  });

  it('reads a payload that is not a JSON object as nothing, and refuses an empty one outright', () => {
    for (const payload of [b64('[1]'), b64('nope'), Buffer.from([0xc3, 0x28]).toString('base64url')]) {
      expect(payloadObject(parseCompactJws(`${HEADER}.${payload}.${SIGNATURE}`))).toBeUndefined();
    }
    expect(codeOf(() => parseCompactJws(`${HEADER}..${SIGNATURE}`))).toBe('ERR_TOKEN_MALFORMED');
  });
});

describe('isCanonicalBase64urlTail', () => {
  it('agrees with a decode and re-encode round trip for every base64url string', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{0,12}$/), (segment) => {
        expect(isCanonicalBase64urlTail(segment)).toBe(Buffer.from(segment, 'base64url').toString('base64url') === segment);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('checkHeader', () => {
  it.each([
    ['not an array', { crit: 'exp' }],
    ['empty', { crit: [] }],
    ['holding a non-string', { crit: [1] }],
    ['holding an empty name', { crit: [''] }],
  ])('refuses a crit %s as ERR_JWT_INVALID', (_name, header) => {
    expect(codeOf(() => checkHeader({ alg: 'ES256', ...header }, ['ES256']))).toBe('ERR_JWT_INVALID');
  });

  it('refuses any critical extension as ERR_JWT_INVALID, b64 included', () => {
    expect(codeOf(() => checkHeader({ alg: 'ES256', crit: ['exp-policy'], 'exp-policy': 1 }, ['ES256']))).toBe('ERR_JWT_INVALID');
    expect(codeOf(() => checkHeader({ alg: 'ES256', crit: ['b64'], b64: true }, ['ES256']))).toBe('ERR_JWT_INVALID');
  });

  it('refuses an unencoded payload (b64: false) as ERR_JWT_INVALID, listed in crit or not', () => {
    expect(codeOf(() => checkHeader({ alg: 'ES256', b64: false }, ['ES256']))).toBe('ERR_JWT_INVALID');
    expect(codeOf(() => checkHeader({ alg: 'ES256', b64: true }, ['ES256']))).toBe('ACCEPTED');
  });
});
