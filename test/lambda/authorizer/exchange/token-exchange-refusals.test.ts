// Token exchange against the real embedded AS (oidc-provider): a subject token that lacks the gateway's
// exchangeScope gets RFC 8693 `invalid_scope`; that is the caller's token (401, negatively cached, no AS
// error), not a failing AS.
import { startEmbeddedAs, type EmbeddedAs } from '../../../../local/embedded-as';
import { restRequestEvent, testConfig } from '../helpers/config';
import { harness, outcomeOf } from '../helpers/harness';

let as: EmbeddedAs;
beforeAll(async () => {
  as = await startEmbeddedAs();
}, 30_000);
afterAll(async () => {
  await as?.stop();
});

it('a live token lacking exchangeScope is the caller\'s 401, negatively cached, not an AS failure (503)', async () => {
  const h = harness(testConfig({ issuer: as.issuer, exchangeMode: 'token-exchange', exchangeAudience: as.audience, exchangeScope: 'invoice_read' }));
  const streamingToken = await as.getToken('streaming-client'); // video_stream video_metadata: live, but no invoice_read
  const event = restRequestEvent(`Bearer ${streamingToken}`, 'GET', '/invoices/{id}', '/invoices/inv-1001');
  expect(await outcomeOf(h.handler(event))).toBe('Unauthorized');
  expect(await outcomeOf(h.handler(event))).toBe('Unauthorized');
  expect(h.decisions().map(({ outcome, cacheTier, asErrorKind }) => ({ outcome, cacheTier, asErrorKind }))).toEqual([
    { outcome: 'unauthorized', cacheTier: 'miss', asErrorKind: undefined },
    { outcome: 'unauthorized', cacheTier: 'negative', asErrorKind: undefined },
  ]);
});
