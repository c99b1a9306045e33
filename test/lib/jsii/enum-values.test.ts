// The construct API's enums carry the runtime's own strings (lambda/shared), so a value the constructs
// accept is one the handlers accept, and the metric methods name dimensions the handlers emit.
import { CLIENT_AUTH_METHODS, EXCHANGE_MODES, LOG_LEVELS, SUPPORTED_ALGORITHMS } from '../../../lambda/shared/config';
import type { CacheTier as RuntimeCacheTier, DecisionOutcome as RuntimeDecisionOutcome } from '../../../lambda/shared/decision-log';
import { AS_ERROR_KINDS, DYNAMODB_ERROR_KINDS } from '../../../lambda/shared/metric-names';
import { HTTP_METHODS } from '../../../lambda/shared/routes';
import {
  AsErrorKind, CacheTier, ClientAuthMethod, DecisionOutcome, DynamoDbErrorKind, ExchangeMode, HttpMethod, JwtAlgorithm, LogLevel,
} from '../../../lib';

test.each<[string, object, readonly string[]]>([
  ['HttpMethod', HttpMethod, HTTP_METHODS],
  ['JwtAlgorithm', JwtAlgorithm, SUPPORTED_ALGORITHMS],
  ['LogLevel', LogLevel, LOG_LEVELS],
  ['ExchangeMode', ExchangeMode, EXCHANGE_MODES],
  ['ClientAuthMethod', ClientAuthMethod, CLIENT_AUTH_METHODS],
  ['AsErrorKind', AsErrorKind, AS_ERROR_KINDS],
  ['DynamoDbErrorKind', DynamoDbErrorKind, DYNAMODB_ERROR_KINDS],
])('%s holds exactly the runtime\'s values', (_name, enumeration, runtime) => {
  expect(Object.values(enumeration)).toEqual([...runtime]);
});

// The runtime declares these two as types only: each record must name every runtime value, and only those.
const OUTCOMES: Record<RuntimeDecisionOutcome, DecisionOutcome> = {
  allow: DecisionOutcome.ALLOW,
  deny: DecisionOutcome.DENY,
  unauthorized: DecisionOutcome.UNAUTHORIZED,
  unavailable: DecisionOutcome.UNAVAILABLE,
  error: DecisionOutcome.ERROR,
};
const TIERS: Record<Exclude<RuntimeCacheTier, 'miss'>, CacheTier> = { memory: CacheTier.MEMORY, dynamodb: CacheTier.DYNAMODB, negative: CacheTier.NEGATIVE };

test.each<[string, object, Record<string, string>]>([
  ['DecisionOutcome', DecisionOutcome, OUTCOMES],
  ['CacheTier (a miss is counted by CacheMisses, not as a tier)', CacheTier, TIERS],
])('%s holds exactly the runtime\'s values', (_name, enumeration, runtime) => {
  expect(Object.entries(runtime).every(([value, member]) => value === member)).toBe(true);
  expect(Object.values(enumeration)).toEqual(Object.keys(runtime));
});
