// Authorizer figures: memory-tier hit time; DynamoDB-tier hit and miss against the bare calls they cannot
// avoid, side by side; single flight; miss latency per exchange mode. Everything runs
// against the embedded AS and dynalite on loopback, in this process.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { AuthorizerHandler } from '../lambda/authorizer';
import { EXCHANGE_MODES, type ExchangeMode } from '../lambda/shared/config';
import { evaluatePolicy } from '../local/gateway';
import { dpopBenchmarks } from './dpop-hit';
import { startAuthorizerWorld, type AuthorizerWorld } from './fixtures/authorizer-world';
import { bareAsCall, bareGetItem, bareGetItemMiss, barePutItem } from './fixtures/raw-calls';
import { restRequestEvent } from './fixtures/rest-request-event';
import { machine, ratioOf, roundedSpread, spreadText, type Section } from './harness/figures';
import { pick, type Profile } from './harness/profile';
import { blocks, distribution, round } from './harness/stats';
import { interleaved, rotating, series } from './harness/timing';

/** Recorded with every authorizer figure: what the AS's answers allowed the cache to do. */
const AS_ANSWERS = 'embedded AS answers as sent (Cache-Control: no-store, no max-age); honorNoStore off (the default), so entries live min(JWT exp, the 300 s cap)';

export async function authorizerBenchmarks(profile: Profile): Promise<Section[]> {
  const world = await startAuthorizerWorld();
  try {
    return [
      await memoryHit(world, profile),
      await dynamoDbHit(world, profile),
      ...(await misses(world, profile)),
      await singleFlight(world),
      ...(await dpopBenchmarks(world, profile)),
    ];
  } finally {
    await world.stop();
  }
}

async function memoryHit(world: AuthorizerWorld, profile: Profile): Promise<Section> {
  const handler = world.handler('accept-jwt');
  const [token] = await world.tokens(1);
  const event = restRequestEvent(token);
  await expectAllow(handler, event);
  const run = await series(() => handler(event), { warmup: pick(profile, 3000, 500), samples: pick(profile, 30_000, 2000), maxMs: pick(profile, 15_000, 2000) });
  const stats = distribution(run.micros);
  return {
    path: 'authorizer.l1Hit',
    values: { p50us: stats.p50, p99us: stats.p99 },
    conditions: {
      ...machine(),
      asAnswers: AS_ANSWERS,
      what: 'handler time (createAuthorizerHandler, accept-jwt, tier 2 configured) for a REST REQUEST event whose token is in the memory tier; decision line formatted, its write dropped',
      samples: stats.samples,
      truncated: run.truncated,
      microseconds: roundedSpread(run.micros),
      // The p50 of each tenth of the run: how much the figure drifts with the machine while it runs.
      blockP50s: roundedSpread(blocks(run.micros, 10).map((block) => distribution(block).p50)),
      summary: `n=${stats.samples}, min/med/max ${spreadText(stats)} us`,
    },
  };
}

async function dynamoDbHit(world: AuthorizerWorld, profile: Profile): Promise<Section> {
  // With the memory tier sized 0 every request reads DynamoDB: the tier-2 hit path, nothing else changed.
  const handler = world.handler('accept-jwt', { memoryCacheEntries: 0 });
  const [token] = await world.tokens(1);
  const event = restRequestEvent(token);
  await expectAllow(handler, event);
  const getItem = bareGetItem(world.dynamoDb, world.table);
  // The bare GetItem reads the very item the handler reads (same key, same size).
  const itemKey = world.itemKey('accept-jwt', token);
  const asCallsBefore = asCalls(world);
  const run = await interleaved(() => handler(event), () => getItem(itemKey), {
    warmup: pick(profile, 50, 10),
    samples: pick(profile, 600, 100),
    maxMs: pick(profile, 20_000, 3000),
  });
  const extraAsCalls = asCalls(world) - asCallsBefore;
  if (extraAsCalls !== 0) throw new Error(`tier-2 hit benchmark reached the AS ${extraAsCalls} time(s): not a DynamoDB hit`);
  const ratio = ratioOf(run.a, run.b);
  return {
    path: 'authorizer.l2Hit',
    values: { ratioToRawGetItem: ratio.ratio, handlerUs: median(run.a), rawGetItemUs: median(run.b) },
    conditions: {
      ...machine(),
      asAnswers: AS_ANSWERS,
      what: 'handler time on a DynamoDB (dynalite) hit, memory tier sized 0, / a bare GetItem of the same item through the same client; interleaved',
      rounds: ratio.rounds,
      truncated: run.truncated,
      handlerMicroseconds: ratio.a,
      rawGetItemMicroseconds: ratio.b,
      blockRatios: ratio.blockRatios,
      summary: `n=${ratio.rounds} pairs, handler ${spreadText(ratio.a)} us, GetItem ${spreadText(ratio.b)} us`,
    },
  };
}

async function misses(world: AuthorizerWorld, profile: Profile): Promise<Section[]> {
  const sections: Section[] = [];
  const modes: Record<string, number> = {};
  for (const mode of EXCHANGE_MODES) {
    const { section, missMs } = await missFor(world, mode, profile);
    modes[mode] = missMs;
    if (mode === 'accept-jwt') sections.push({ ...section, path: 'authorizer.miss' });
    const { ratioToRawCallsWithLookup, ratioToRawCalls } = section.values;
    sections.push({ ...section, path: `authorizer.modes.${mode}`, values: { missMs, ratioToRawCallsWithLookup, ratioToRawCalls } });
  }
  return sections;
}

async function missFor(world: AuthorizerWorld, mode: ExchangeMode, profile: Profile): Promise<{ section: Section; missMs: number }> {
  const warmup = pick(profile, 10, 3);
  const samples = pick(profile, 150, 15);
  const handler = world.handler(mode);
  const tokens = await world.tokens(warmup + samples + 1);
  const events = tokens.map((token) => restRequestEvent(token));
  // The first miss also fetches the JWKS; it is measured apart and sizes the bare PutItem like a real item.
  await expectAllow(handler, events[events.length - 1]);
  const stored = await world.dynamoDb.send(new GetItemCommand({ TableName: world.table, Key: { pk: { S: world.itemKey(mode, tokens[tokens.length - 1]) } } }));
  const valueBytes = stored.Item?.v?.B?.length;
  if (!valueBytes) throw new Error(`${mode}: the authorizer stored no tier-2 item on a miss`);
  const callAs = bareAsCall(world.as, mode);
  const putItem = barePutItem(world.dynamoDb, world.table, valueBytes);
  const getItemMiss = bareGetItemMiss(world.dynamoDb, world.table);
  const slot = (index: number) => (index < 0 ? -1 - index : warmup + index);
  const asCallsBefore = asCalls(world);
  // Three contenders per round, rotating: the handler's miss; the bare calls it cannot avoid (GetItem of
  // an absent key, the AS call, the PutItem); and the older floor without the GetItem (kept as reported).
  const run = await rotating(
    [
      (index) => handler(events[slot(index)]),
      async (index) => {
        await getItemMiss(`bench-absent-${mode}-${index}`);
        await callAs(tokens[slot(index)]);
        await putItem(`bench-raw-lookup-${mode}-${index}`);
      },
      async (index) => {
        await callAs(tokens[slot(index)]);
        await putItem(`bench-raw-${mode}-${index}`);
      },
    ],
    { warmup, samples, maxMs: pick(profile, 45_000, 5000) },
  );
  const [handlerMicros, withLookupMicros, rawMicros] = run.samples;
  const rounds = warmup + handlerMicros.length;
  const calls = asCalls(world) - asCallsBefore;
  if (calls !== 3 * rounds) throw new Error(`${mode}: expected ${3 * rounds} AS calls (handler + two bare floors per round), counted ${calls}`);
  const withLookup = ratioOf(handlerMicros, withLookupMicros);
  const ratio = ratioOf(handlerMicros, rawMicros);
  const missMs = median(handlerMicros) / 1000;
  return {
    missMs,
    section: {
      path: '',
      values: {
        ratioToRawCallsWithLookup: withLookup.ratio,
        ratioToRawCalls: ratio.ratio,
        handlerMs: missMs,
        rawCallsWithLookupMs: median(withLookupMicros) / 1000,
        rawCallsMs: median(rawMicros) / 1000,
      },
      conditions: {
        ...machine(),
        asAnswers: AS_ANSWERS,
        what: `${mode}: handler time on a miss (GetItem miss, AS call, JWT verification, PutItem) / the bare calls it makes (GetItem of an absent key + AS call of the same mode + PutItem of the same size) for ratioToRawCallsWithLookup, / (AS call + PutItem) for ratioToRawCalls (reported); a fresh token per round, the three rotating in one loop`,
        rounds: withLookup.rounds,
        truncated: run.truncated,
        storedValueBytes: valueBytes,
        handlerMicroseconds: withLookup.a,
        rawCallsWithLookupMicroseconds: withLookup.b,
        rawCallsMicroseconds: ratio.b,
        blockRatios: withLookup.blockRatios,
        summary: `n=${withLookup.rounds} rounds, handler ${ms(withLookup.a.min)}/${ms(withLookup.a.median)}/${ms(withLookup.a.max)} ms, raw with lookup ${ms(withLookup.b.min)}/${ms(withLookup.b.median)}/${ms(withLookup.b.max)} ms`,
      },
    },
  };
}

async function singleFlight(world: AuthorizerWorld): Promise<Section> {
  const concurrency = 100;
  const byMode: Record<string, number> = {};
  for (const mode of EXCHANGE_MODES) {
    const handler = world.handler(mode);
    const [token] = await world.tokens(1);
    const event = restRequestEvent(token);
    const before = asCalls(world);
    const results = await Promise.all(Array.from({ length: concurrency }, () => handler(event)));
    byMode[mode] = asCalls(world) - before;
    const allowed = results.filter((result) => isAllow(result, event)).length;
    if (allowed !== concurrency) throw new Error(`single flight ${mode}: ${allowed}/${concurrency} requests allowed`);
  }
  return {
    path: 'authorizer.singleFlight',
    values: { asCalls: byMode['accept-jwt'] },
    conditions: {
      ...machine(),
      asAnswers: AS_ANSWERS,
      what: `${concurrency} concurrent requests with one new token on a fresh handler; AS calls from the embedded AS counters (accept-jwt; every mode listed)`,
      concurrency,
      asCallsByMode: byMode,
      summary: `${concurrency} at once; by mode ${Object.entries(byMode).map(([mode, calls]) => `${mode} ${calls}`).join(', ')}`,
    },
  };
}

async function expectAllow(handler: AuthorizerHandler, event: ReturnType<typeof restRequestEvent>): Promise<void> {
  const result = await handler(event);
  if (!isAllow(result, event)) throw new Error(`the authorizer did not allow the benchmark request: ${JSON.stringify(result).slice(0, 300)}`);
}

/** Judged as API Gateway judges it: the policy evaluated against this request's method ARN. */
function isAllow(result: unknown, event: { methodArn: string }): boolean {
  const policy = (result as { policyDocument?: Parameters<typeof evaluatePolicy>[0] }).policyDocument;
  return policy !== undefined && evaluatePolicy(policy, event.methodArn) === 'allow';
}

function asCalls(world: AuthorizerWorld): number {
  return world.as.calls.introspection + world.as.calls.tokenExchange;
}

function median(values: readonly number[]): number {
  return distribution(values).median;
}

function ms(micros: number): number {
  return round(micros / 1000);
}
