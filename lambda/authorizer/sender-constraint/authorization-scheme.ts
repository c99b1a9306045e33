// The Authorization header's scheme as well as its token: `Bearer` (RFC 6750) or `DPoP` (RFC 9449 §7.1),
// case-insensitive, with the same token syntax and limits. A DPoP header is read by the Bearer parser
// with its scheme name swapped, so both schemes refuse exactly the same malformed shapes.
import { parseBearer } from '../../shared/bearer';

export type AuthorizationScheme = 'Bearer' | 'DPoP';

export interface PresentedToken {
  readonly scheme: AuthorizationScheme;
  readonly token: string;
}

const DPOP_SCHEME = /^[ \t]*[Dd][Pp][Oo][Pp] /;

export function parseAuthorization(values: readonly string[]): PresentedToken {
  if (values.length === 1 && DPOP_SCHEME.test(values[0])) {
    return { scheme: 'DPoP', token: parseBearer([values[0].replace(DPOP_SCHEME, 'Bearer ')]) };
  }
  return { scheme: 'Bearer', token: parseBearer(values) };
}
