// Validator figures (issue 6): the first verification of a token against a bare crypto.verify of the same
// signature, per algorithm; and throughput over a Zipf(1.1) mix of 1,000 tokens against aws-jwt-verify
// with the same keys (its JWKS cache warmed, so neither side fetches anything).
import { JwtVerifier } from 'aws-jwt-verify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { verify as cryptoVerify } from 'node:crypto';
import { createJwtValidator, type JwtValidator } from '../lambda/validator';
import { ALGORITHMS, BENCH_AUDIENCE, BENCH_ISSUER, generateBenchKeys, jwksOf, NODE_VERIFY, signatureParts, signTokens, type BenchAlgorithm, type BenchKey } from './fixtures/signing-keys';
import { machine, ratioOf, roundedSpread, spreadText, type Section } from './harness/figures';
import { pick, type Profile } from './harness/profile';
import { median } from './harness/stats';
import { interleaved, series } from './harness/timing';
import { zipfSequence } from './harness/zipf';

const ZIPF_EXPONENT = 1.1;
const ZIPF_TOKENS = 1000;
const ZIPF_SEED = 0x5eed;

export async function validatorBenchmarks(profile: Profile): Promise<Section[]> {
  const keys = await generateBenchKeys();
  const sections: Section[] = [];
  for (const alg of ALGORITHMS) sections.push(await firstVerify(keys, alg, profile));
  sections.push(await zipfThroughput(keys, 'RS256', profile));
  return sections;
}

function ourValidator(keys: Record<BenchAlgorithm, BenchKey>): JwtValidator {
  return createJwtValidator({ issuer: BENCH_ISSUER, audience: BENCH_AUDIENCE, jwks: jwksOf(keys), logSink: () => undefined });
}

async function firstVerify(keys: Record<BenchAlgorithm, BenchKey>, alg: BenchAlgorithm, profile: Profile): Promise<Section> {
  const warmup = pick(profile, 200, 30);
  const samples = pick(profile, 1000, 120);
  const tokens = await signTokens(keys[alg], warmup + samples);
  const parts = tokens.map(signatureParts);
  const validator = ourValidator(keys);
  const { digest, dsaEncoding } = NODE_VERIFY[alg];
  const keyObject = keys[alg].publicKeyObject;
  const keyInput = dsaEncoding ? { key: keyObject, dsaEncoding } : keyObject;
  const slot = (index: number) => (index < 0 ? -1 - index : warmup + index);
  const run = await interleaved(
    (index) => validator.verify(tokens[slot(index)]),
    (index) => {
      const { signingInput, signature } = parts[slot(index)];
      if (!cryptoVerify(digest, signingInput, keyInput, signature)) throw new Error(`${alg}: bare crypto.verify rejected the signature`);
    },
    { warmup, samples, maxMs: pick(profile, 20_000, 3000) },
  );
  const ratio = ratioOf(run.a, run.b);
  // Reference only (not interleaved): jose's jwtVerify alone on the same tokens (Web Crypto), what our
  // validator verified with before it moved to node:crypto.
  const joseKeys = createLocalJWKSet(jwksOf(keys));
  const jose = await series((index) => jwtVerify(tokens[slot(index)], joseKeys, { issuer: BENCH_ISSUER, audience: BENCH_AUDIENCE, algorithms: [alg] }), {
    warmup: 20,
    samples: Math.min(samples, 300),
    maxMs: pick(profile, 5000, 1000),
  });
  return {
    path: `validator.firstVerify.${alg}`,
    values: { ratioToRawCrypto: ratio.ratio, validatorUs: median(run.a), rawCryptoUs: median(run.b), joseJwtVerifyUs: median(jose.micros) },
    conditions: {
      ...machine(),
      what: `${alg}: createJwtValidator(...).verify of a token it has not seen (static JWKS, key already imported) / synchronous crypto.verify of the same signature with a prepared KeyObject; interleaved. joseJwtVerifyUs: jose's jwtVerify alone (Web Crypto) on the same tokens, timed after the pairs (not interleaved), for reference: the validator verifies with node:crypto`,
      rounds: ratio.rounds,
      truncated: run.truncated,
      validatorMicroseconds: ratio.a,
      rawCryptoMicroseconds: ratio.b,
      blockRatios: ratio.blockRatios,
      summary: `n=${ratio.rounds} pairs, ours ${spreadText(ratio.a)} us, crypto.verify ${spreadText(ratio.b)} us`,
    },
  };
}

async function zipfThroughput(keys: Record<BenchAlgorithm, BenchKey>, alg: BenchAlgorithm, profile: Profile): Promise<Section> {
  const requests = pick(profile, 100_000, 20_000);
  const repetitions = pick(profile, 3, 1);
  const chunk = pick(profile, 5000, 2000);
  const tokens = await signTokens(keys[alg], ZIPF_TOKENS);
  const sequence = zipfSequence(ZIPF_TOKENS, ZIPF_EXPONENT, requests, ZIPF_SEED);
  const distinct = new Set(sequence).size;
  const deadline = Date.now() + pick(profile, 180_000, 20_000);
  const ratios: number[] = [];
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let repetition = 0; repetition < repetitions && Date.now() < deadline; repetition++) {
    // Fresh instances per repetition: our verified-token cache and their key cache start where a new Lambda's would.
    const validator = ourValidator(keys);
    const verifier = JwtVerifier.create({ issuer: BENCH_ISSUER, audience: BENCH_AUDIENCE, jwksUri: `${BENCH_ISSUER}/jwks` });
    verifier.cacheJwks(jwksOf(keys) as never);
    let ourNanos = 0n;
    let theirNanos = 0n;
    for (let start = 0, round = 0; start < requests; start += chunk, round++) {
      const end = Math.min(requests, start + chunk);
      const runOurs = async () => {
        const begin = process.hrtime.bigint();
        for (let i = start; i < end; i++) await validator.verify(tokens[sequence[i]]);
        ourNanos += process.hrtime.bigint() - begin;
      };
      const runTheirs = async () => {
        const begin = process.hrtime.bigint();
        for (let i = start; i < end; i++) await verifier.verify(tokens[sequence[i]]);
        theirNanos += process.hrtime.bigint() - begin;
      };
      if (round % 2 === 0) {
        await runOurs();
        await runTheirs();
      } else {
        await runTheirs();
        await runOurs();
      }
    }
    const ourRps = requests / (Number(ourNanos) / 1e9);
    const theirRps = requests / (Number(theirNanos) / 1e9);
    ours.push(ourRps);
    theirs.push(theirRps);
    ratios.push(ourRps / theirRps);
  }
  return {
    path: 'validator.zipf',
    values: { ratioToAwsJwtVerify: median(ratios), oursPerSecond: median(ours), awsJwtVerifyPerSecond: median(theirs) },
    conditions: {
      ...machine(),
      what: `${alg}: ${requests} verifications of ${ZIPF_TOKENS} distinct tokens drawn Zipf(${ZIPF_EXPONENT}) (seed ${ZIPF_SEED}, ${distinct} drawn at least once); our validator (default settings, static JWKS) vs aws-jwt-verify JwtVerifier.verify with cacheJwks() on the same JWKS; alternating chunks of ${chunk}; throughput ratio per repetition`,
      requests,
      repetitions: ratios.length,
      ratios: roundedSpread(ratios),
      oursPerSecond: roundedSpread(ours),
      awsJwtVerifyPerSecond: roundedSpread(theirs),
      summary: `${ratios.length} x ${requests} req, ratio min/med/max ${spreadText(roundedSpread(ratios))}`,
    },
  };
}
