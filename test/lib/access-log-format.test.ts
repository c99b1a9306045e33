// The check on a user's access log format: a format that would write the JWT, the opaque token or request
// headers to CloudWatch Logs is refused; the library's own format and the usual ones pass.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { AUTHORIZER_CONTEXT } from '../../lambda/shared/env-names';
import { accessLogFormatProblem, PhantomTokenAccessLog, TOKEN_CONTEXT_KEYS } from '../../lib/access-log-format';

describe('accessLogFormatProblem', () => {
  test('the token-carrying context keys are the authorizer context keys jwt and authorization', () => {
    expect(TOKEN_CONTEXT_KEYS).toEqual([AUTHORIZER_CONTEXT.jwt, AUTHORIZER_CONTEXT.authorization]);
  });

  test.each([
    ['the library format', PhantomTokenAccessLog.format().toString()],
    ['AccessLogFormat.jsonWithStandardFields()', apigateway.AccessLogFormat.jsonWithStandardFields().toString()],
    ['AccessLogFormat.clf()', apigateway.AccessLogFormat.clf().toString()],
    ['the non-token authorizer context keys', '{"sub":"$context.authorizer.sub","cid":"$context.authorizer.client_id","hash":"$context.authorizer.token_hash","scope":"$context.authorizer.scope"}'],
    ['a context key that only starts like a token key', '$context.authorizer.jwtIssuedAt'],
    ['the authorizer status, latency and error', '$context.authorizer.status $context.authorizer.latency $context.authorizer.error'],
    ['a JSON key named authorization over a harmless value (plain text is not judged)', '{"authorization":"$context.authorizer.status"}'],
  ])('allows %s', (_name, format) => {
    expect(accessLogFormatProblem(format)).toBeUndefined();
  });

  test.each([
    ['the JWT', '{"jwt":"$context.authorizer.jwt"}', '$context.authorizer.jwt'],
    ['Bearer <jwt>', '{"auth":"$context.authorizer.authorization"}', '$context.authorizer.authorization'],
    ['the JWT in formal and quiet notation', '$!{context.authorizer.jwt}', '$!{context.authorizer.jwt}'],
    ['the JWT followed by a dot', 'jwt=$context.authorizer.jwt.', '$context.authorizer.jwt'],
    ['the Authorization header through $input.params', "$input.params('Authorization')", "$input.params('Authorization')"],
    ['any request parameter through $input.params', "$input.params('x-api-key')", "$input.params('x-api-key')"],
    ['the Authorization header through $method.request.header', '$method.request.header.Authorization', '$method.request.header.Authorization'],
    ['a request header override', '$context.requestOverride.header.X-Forwarded-For', '$context.requestOverride.header.X-Forwarded-For'],
    ['any reference naming Authorization', '$context.something.Authorization', '$context.something.Authorization'],
  ])('refuses %s, naming the reference', (_name, format, reference) => {
    expect(accessLogFormatProblem(format)).toBe(
      `must not log a token: ${reference} would write the JWT, the opaque token or request headers to the access log (the authorizer's jwt and authorization context values carry the JWT)`,
    );
  });

  test('names every refused reference once', () => {
    expect(accessLogFormatProblem('$context.authorizer.jwt $context.authorizer.authorization $context.authorizer.jwt')).toMatch(
      /^must not log a token: \$context\.authorizer\.jwt, \$context\.authorizer\.authorization would write/,
    );
  });
});
