import { DEMO_CLIENTS } from '../../../local/embedded-as';
import { PortInUseError } from '../../../local/listen';
import { bannerClients, readyBanner } from '../../../local/ready-banner';
import { startFailureMessage } from '../../../local/start-failure';
import { ConfigError } from '../../../lambda/shared/errors';

const input = {
  gatewayUrl: 'http://127.0.0.1:3000',
  issuer: 'http://127.0.0.1:4000',
  tokenEndpoint: 'http://127.0.0.1:4000/token',
  exchangeMode: 'accept-jwt',
  dynamoDbEndpoint: 'http://127.0.0.1:4567 (embedded)',
};

describe('readyBanner', () => {
  it('starts with one ready line and lists the curl-usable demo clients', () => {
    const lines = readyBanner({ ...input, demoClients: bannerClients(DEMO_CLIENTS) });
    expect(lines[0]).toBe('ready gateway=http://127.0.0.1:3000 as=http://127.0.0.1:4000 mode=accept-jwt dynamodb=http://127.0.0.1:4567 (embedded)');
    expect(lines.filter((line) => line.startsWith('ready'))).toHaveLength(1);
    expect(lines).toContain('  invoices-client / invoices-secret: invoice_read invoice_write');
    expect(lines).toContain('  gateway-client / gateway-secret: (the gateway itself: introspection and token exchange)');
    expect(lines.join('\n')).not.toContain('gateway-pkjwt-client');
    expect(lines.join('\n')).toContain("-u invoices-client:invoices-secret -d grant_type=client_credentials --data-urlencode 'scope=invoice_read invoice_write' http://127.0.0.1:4000/token");
    expect(lines).toContain('  curl -i -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/invoices/inv-1001');
  });

  it('points to the external AS when there are no demo clients', () => {
    const lines = readyBanner({ ...input, demoClients: [] });
    expect(lines[0]).toMatch(/^ready /);
    expect(lines.join('\n')).toContain('external authorization server http://127.0.0.1:4000');
    expect(lines.join('\n')).not.toContain('TOKEN=');
  });
});

describe('startFailureMessage', () => {
  it('names the port and the variable for a busy port', () => {
    expect(startFailureMessage(new PortInUseError(3000, '127.0.0.1', 'gateway'))).toBe('error: port 3000 is already in use; set PORT to a free port');
    expect(startFailureMessage(new PortInUseError(4000, '127.0.0.1', 'as'))).toBe('error: port 4000 is already in use; set AS_PORT to a free port');
  });

  it('keeps any failure on one line', () => {
    expect(startFailureMessage(new ConfigError('PHANTOM_MODE', 'must be one of ...'))).toBe('error: PHANTOM_MODE: must be one of ...');
    expect(startFailureMessage(new Error('first\n  second'))).toBe('error: local mode failed to start: first second');
  });
});
