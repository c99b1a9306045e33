// The example app's routes and coarse scope rules (the design's scope table). The example CDK app deploys
// them and local mode serves them: one definition, not two copies.
import type { RouteRule } from './routes';

export interface ExampleService {
  /** Handler folder under `lambda/` and the service's name in the example app. */
  readonly name: 'invoices' | 'streams';
  /** The audience its validator requires. */
  readonly audience: string;
  readonly routes: readonly RouteRule[];
}

const INVOICE_FAMILY = { anyOf: ['invoice_*'] };
const VIDEO_FAMILY = { anyOf: ['video_*'] };

export const EXAMPLE_AUDIENCE = 'https://api.example.com';

export const EXAMPLE_SERVICES: readonly ExampleService[] = [
  {
    name: 'invoices',
    audience: EXAMPLE_AUDIENCE,
    routes: [
      { method: 'GET', path: '/invoices', scopes: INVOICE_FAMILY },
      { method: 'POST', path: '/invoices', scopes: INVOICE_FAMILY },
      { method: 'GET', path: '/invoices/{id}', scopes: INVOICE_FAMILY },
    ],
  },
  {
    name: 'streams',
    audience: EXAMPLE_AUDIENCE,
    routes: [
      { method: 'GET', path: '/streams/{id}', scopes: VIDEO_FAMILY },
      { method: 'GET', path: '/streams/{id}/metadata', scopes: VIDEO_FAMILY },
    ],
  },
];

export const EXAMPLE_ROUTES: readonly RouteRule[] = EXAMPLE_SERVICES.flatMap((service) => service.routes);
