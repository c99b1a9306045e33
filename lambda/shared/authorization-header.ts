// Every value of the Authorization header in one API Gateway header map (`headers` or
// `multiValueHeaders`), whatever the spelling of its name: the authorizer and the validator both refuse
// more than one, so both must see all of them.

export type HeaderMap = Readonly<Record<string, string | readonly string[] | null | undefined>> | null | undefined;

const AUTHORIZATION = 'authorization';

export function authorizationHeaderValues(headers: HeaderMap): string[] {
  const values: string[] = [];
  if (!headers) return values;
  // Runs on every request over every header: no per-header allocation (entries, lower-cased copies) for
  // the names that cannot be this one.
  for (const name in headers) {
    if (name.length !== AUTHORIZATION.length || !Object.hasOwn(headers, name) || name.toLowerCase() !== AUTHORIZATION) continue;
    const value = headers[name];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) values.push(...(value as readonly string[]));
    else values.push(value as string);
  }
  return values;
}
