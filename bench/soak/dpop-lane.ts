// The soak's DPoP lane: a second local stack that accepts sender-constrained tokens (result cache off,
// replay store in its DynamoDB), driven for the whole run with DPoP-bound tokens from panva's `dpop`. Each
// round sends one fresh proof (must be 200) and the attacks a stolen token or proof allows (must be 401):
// the proof replayed, the token as Bearer, a proof for another URL, no proof, a proof by another key.
// Any 2xx for an attack is a wrong allow; any 5xx or lost request is counted too.
import { generateKeyPair, generateProof, type KeyPair } from 'dpop';
import { startLocalStack, type LocalStack } from '../../local/local-stack';

export type DpopKind = 'dpop-fresh' | 'dpop-replayed' | 'dpop-as-bearer' | 'dpop-wrong-htu' | 'dpop-missing-proof' | 'dpop-other-key';

export interface DpopLaneReport {
  readonly requests: number;
  readonly byKind: Record<string, number>;
  readonly wrongAllows: number;
  readonly wrongRefusals: number;
  readonly unexpected5xx: number;
  readonly lost: number;
}

const PATH = '/invoices/inv-1001';
const TOKENS = 4;

export interface DpopLane {
  /** Sends until `durationMs` on `clock` has passed, then stops its stack and reports. */
  run(clock: () => number, durationMs: number): Promise<DpopLaneReport>;
  stop(): Promise<void>;
}

export async function startDpopLane(): Promise<DpopLane> {
  const stack = await startLocalStack({ senderConstrained: true, accessLog: false, decisionLog: () => undefined });
  try {
    const tokens = await Promise.all(Array.from({ length: TOKENS }, () => boundToken(stack)));
    const stranger = await generateKeyPair('ES256');
    return {
      run: (clock, durationMs) => drive(stack, tokens, stranger, clock, durationMs),
      stop: () => stack.stop(),
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

interface Bound {
  readonly token: string;
  readonly keys: KeyPair;
}

async function drive(stack: LocalStack, tokens: readonly Bound[], stranger: KeyPair, clock: () => number, durationMs: number): Promise<DpopLaneReport> {
  const url = `${stack.gatewayUrl}${PATH}`;
  const report = { requests: 0, byKind: {} as Record<string, number>, wrongAllows: 0, wrongRefusals: 0, unexpected5xx: 0, lost: 0 };
  const send = async (kind: DpopKind, headers: Record<string, string>, expected: 200 | 401) => {
    report.requests += 1;
    report.byKind[kind] = (report.byKind[kind] ?? 0) + 1;
    let status: number | undefined;
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      report.lost += 1;
      return;
    }
    if (status >= 500) report.unexpected5xx += 1;
    else if (expected === 401 && status < 400) report.wrongAllows += 1;
    else if (expected === 200 && status !== 200) report.wrongRefusals += 1;
  };
  for (let round = 0; clock() < durationMs; round += 1) {
    const { token, keys } = tokens[round % tokens.length];
    const proof = await generateProof(keys, url, 'GET', undefined, token);
    await send('dpop-fresh', { authorization: `DPoP ${token}`, dpop: proof }, 200);
    await send('dpop-replayed', { authorization: `DPoP ${token}`, dpop: proof }, 401);
    await send('dpop-as-bearer', { authorization: `Bearer ${token}` }, 401);
    await send('dpop-wrong-htu', { authorization: `DPoP ${token}`, dpop: await generateProof(keys, `${stack.gatewayUrl}/invoices`, 'GET', undefined, token) }, 401);
    await send('dpop-missing-proof', { authorization: `DPoP ${token}` }, 401);
    await send('dpop-other-key', { authorization: `DPoP ${token}`, dpop: await generateProof(stranger, url, 'GET', undefined, token) }, 401);
  }
  return report;
}

async function boundToken(stack: LocalStack): Promise<Bound> {
  const keys = await generateKeyPair('ES256');
  const response = await fetch(stack.tokenEndpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('invoices-client:invoices-secret').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      dpop: await generateProof(keys, stack.tokenEndpoint, 'POST'),
    },
    body: 'grant_type=client_credentials',
  });
  const body = (await response.json()) as { access_token?: string; token_type?: string };
  if (body.token_type !== 'DPoP' || !body.access_token) throw new Error(`soak DPoP lane: no DPoP-bound token (${response.status})`);
  return { token: body.access_token, keys };
}
