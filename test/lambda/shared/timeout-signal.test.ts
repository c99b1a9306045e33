// The per-call limit the authorizer's DynamoDB and AS calls run under: it aborts as AbortSignal.timeout
// would, and once the call has settled its timer is gone (nothing fires later).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbCacheStore } from '../../../lambda/authorizer/cache/dynamodb-store';
import { withSdkTimeoutSignal, withTimeoutSignal } from '../../../lambda/shared/timeout-signal';
import { serveLoopback, type Loopback } from '../validator/loopback-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withTimeoutSignal', () => {
  it('aborts a call still running after the limit, with the reason AbortSignal.timeout gives', async () => {
    let seen: AbortSignal | undefined;
    const started = Date.now();
    const outcome = await withTimeoutSignal(30, (signal) => {
      seen = signal;
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    }).catch((error: unknown) => error);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(seen?.aborted).toBe(true);
    expect(outcome).toBeInstanceOf(DOMException);
    expect((outcome as DOMException).name).toBe('TimeoutError');
  });

  it('never aborts a call that settled in time, and passes its result and its failure through', async () => {
    let seen: AbortSignal | undefined;
    await expect(withTimeoutSignal(20, async (signal) => ((seen = signal), 'answer'))).resolves.toBe('answer');
    await expect(withTimeoutSignal(20, () => Promise.reject(new Error('own failure')))).rejects.toThrow('own failure');
    await sleep(40);
    expect(seen?.aborted).toBe(false);
  });
});

describe('withSdkTimeoutSignal', () => {
  it('calls the one onabort handler after the limit, the signal then aborted with a TimeoutError reason', async () => {
    const outcome = await withSdkTimeoutSignal(30, (signal) => new Promise((_, reject) => (signal.onabort = () => reject(signal.reason)))).catch(
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(DOMException);
    expect((outcome as DOMException).name).toBe('TimeoutError');
  });

  it('never aborts a call that settled in time', async () => {
    let aborted = false;
    await expect(withSdkTimeoutSignal(20, async (signal) => ((signal.onabort = () => (aborted = true)), 'answer'))).resolves.toBe('answer');
    await sleep(40);
    expect(aborted).toBe(false);
  });
});

describe('the tier-2 store under a DynamoDB that never answers', () => {
  let stalled: Loopback;
  let client: DynamoDBClient;
  let closed = 0;
  beforeAll(async () => {
    stalled = await serveLoopback((request) => request.socket.on('close', () => closed++));
    client = new DynamoDBClient({
      endpoint: new URL(stalled.url).origin,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client.destroy();
    await stalled.stop();
  });

  it('gives up on a read and a write after its timeout, as a timeout, closing the connection', async () => {
    const store = new DynamoDbCacheStore(client, 'cache', 100, 'ns');
    const started = Date.now();
    const read = await store.get('hash', 'token', Date.now()).catch((error: Error) => error);
    const write = await store.put('hash', 'token', { active: false, expiresAtMs: Date.now() + 1000 }).catch((error: Error) => error);
    expect(Date.now() - started).toBeLessThan(2000);
    // The SDK's abort, its cause the limit's TimeoutError: what the handler's dynamoDbErrorKind reads as a timeout.
    for (const error of [read, write]) {
      expect(error).toBeInstanceOf(Error);
      expect(['AbortError', 'TimeoutError']).toContain((error as Error).name);
    }
    expect(stalled.paths).toHaveLength(2);
    // Aborted, not merely abandoned: the client closed both connections.
    await sleep(50);
    expect(closed).toBe(2);
  });
});
