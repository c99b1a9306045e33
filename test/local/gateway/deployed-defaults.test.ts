// The local gateway copies the deployed authorizer's defaults (it must not import lib/); this keeps the
// copies from drifting.
import { DEFAULT_RESULTS_CACHE_TTL } from '../../../lib/phantom-token-authorizer';
import { DEFAULT_RESULTS_CACHE_TTL_SECONDS } from '../../../local/gateway/local-gateway';

describe('local gateway defaults', () => {
  it('caches authorizer results as long as the PhantomTokenAuthorizer construct does by default', () => {
    expect(DEFAULT_RESULTS_CACHE_TTL_SECONDS).toBe(DEFAULT_RESULTS_CACHE_TTL.toSeconds());
  });
});
