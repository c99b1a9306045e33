// The demo clients local mode prints and the README documents. Secrets are demo values for loopback use.
import type { DemoClient } from './types';

export const DEMO_CLIENTS: readonly DemoClient[] = [
  {
    clientId: 'invoices-client',
    clientSecret: 'invoices-secret',
    scope: 'invoice_read invoice_write',
    claims: { subscriber_id: 'sub-1001' },
  },
  // Its tokens are bound to its TLS client certificate (RFC 8705): usable over mutual TLS only.
  {
    clientId: 'invoices-mtls-client',
    clientSecret: 'invoices-mtls-secret',
    scope: 'invoice_read invoice_write',
    claims: { subscriber_id: 'sub-1001' },
    certificateBound: true,
  },
  { clientId: 'streaming-client', clientSecret: 'streaming-secret', scope: 'video_stream video_metadata' },
  { clientId: 'gateway-client', clientSecret: 'gateway-secret', scope: '', gateway: true, tokenExchange: true },
  {
    clientId: 'gateway-pkjwt-client',
    scope: '',
    tokenEndpointAuthMethod: 'private_key_jwt',
    gateway: true,
    tokenExchange: true,
  },
  // A service behind the gateway that exchanges the phantom JWT it received for one aimed at another API.
  { clientId: 'service-client', clientSecret: 'service-secret', scope: '', tokenExchange: true },
];
