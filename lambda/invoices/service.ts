// The example invoices API behind the gateway. Each route declares its own rules; reading one invoice
// also loads it and asks the Cedar policy in invoice-policies.cedar, which refuses another subscriber's
// invoice with the same coded error a claim rule uses (ERR_CLAIM_MISMATCH).
import { join } from 'node:path';
import { AccessDeniedError } from '../shared/errors';
import { createJwtValidator, dispatchRoutes, withJwtValidation, type ApiGatewayProxyResult, type JwtClaims, type JwtValidator, type ProxyHandler, type ValidatorOptions } from '../validator';
import { cedarPolicy } from '../validator/cedar';
import { InvoiceStore, type Invoice } from './invoice-store';

/** Beside this file in the source tree, and beside the bundle in the handler's asset. */
export const INVOICE_POLICY_FILE = join(__dirname, 'invoice-policies.cedar');

export interface InvoiceClaims extends JwtClaims {
  readonly subscriber_id?: string;
}

function json(statusCode: number, body: unknown): ApiGatewayProxyResult {
  return { statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

function subscriberOf(claims: InvoiceClaims): string {
  if (typeof claims.subscriber_id !== 'string' || claims.subscriber_id.length === 0) {
    throw new AccessDeniedError('ERR_CLAIM_MISMATCH', 'the token carries no subscriber_id', { claim: 'subscriber_id' });
  }
  return claims.subscriber_id;
}

/** `{"amount": <finite number>}`; unknown fields are ignored. */
function parseAmount(body: string | undefined): number | string {
  if (body === undefined || body.length === 0) return 'a JSON body {"amount": <number>} is required';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'the body is not JSON';
  }
  const amount = (parsed as { amount?: unknown } | null)?.amount;
  if (typeof parsed !== 'object' || parsed === null || typeof amount !== 'number' || !Number.isFinite(amount)) {
    return '"amount" must be a number';
  }
  return amount;
}

export function createInvoicesHandler(options: ValidatorOptions | JwtValidator, store: InvoiceStore = new InvoiceStore()): ProxyHandler {
  const validator = 'verify' in options ? options : createJwtValidator(options);
  const read = { scopes: { anyOf: ['invoice_read'] } };

  return dispatchRoutes({
    'GET /invoices': withJwtValidation<InvoiceClaims>(read, async ({ claims }) => json(200, { invoices: store.listFor(subscriberOf(claims)) }), validator),

    'GET /invoices/{id}': withJwtValidation<InvoiceClaims, Invoice>(
      {
        ...read,
        // An unknown id is a 404 before the policy is asked.
        resource: ({ request }) => store.get(request.pathParameters.id ?? ''),
        policy: cedarPolicy({ name: 'invoices', policyFiles: [INVOICE_POLICY_FILE], resourceType: 'Invoice' }),
      },
      async ({ resource }) => json(200, resource),
      validator,
    ),

    'POST /invoices': withJwtValidation<InvoiceClaims>(
      { scopes: { anyOf: ['invoice_write'] } },
      async ({ claims, request }) => {
        const subscriberId = subscriberOf(claims);
        const amount = parseAmount(request.body);
        if (typeof amount === 'string') return json(400, { error: 'invalid_request', error_description: amount });
        return json(201, store.create(subscriberId, amount, new Date(validator.options.clock())));
      },
      validator,
    ),
  }, validator);
}
