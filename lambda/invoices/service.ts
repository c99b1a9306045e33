// The example invoices API behind the gateway. Each route declares its own rules; the subscriber check
// needs the invoice, so it runs in the handler and refuses with the same coded error a claim rule uses.
import { AccessDeniedError } from '../shared/errors';
import { createJwtValidator, dispatchRoutes, withJwtValidation } from '../validator';
import type { ApiGatewayProxyResult, JwtClaims, JwtValidator, ProxyHandler, ValidatorOptions } from '../validator';
import { InvoiceStore } from './invoice-store';

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

    'GET /invoices/{id}': withJwtValidation<InvoiceClaims>(
      read,
      async ({ claims, request }) => {
        const invoice = store.get(request.pathParameters.id ?? '');
        if (!invoice) return json(404, { error: 'not_found', error_description: 'no such invoice' });
        if (invoice.subscriberId !== claims.subscriber_id) {
          throw new AccessDeniedError('ERR_CLAIM_MISMATCH', 'the invoice belongs to another subscriber', { claim: 'subscriber_id' });
        }
        return json(200, invoice);
      },
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
