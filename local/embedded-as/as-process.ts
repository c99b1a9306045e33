// The process that hosts the embedded AS: started by `startEmbeddedAs` (as-child.ts) with an IPC
// channel, it runs oidc-provider natively (an ES module, whatever the importer's module system) and
// answers the importer's requests. It exits on `shutdown` (handing back its state, so a restart
// continues it) or when the importer's process ends (the channel closes).
import { serializeError, type AsMessage, type AsRequest } from './as-process-messages';
import { DEMO_CLIENTS } from './demo-clients';
import { runEmbeddedAs, type HostedEmbeddedAs } from './embedded-as';

let hosted: HostedEmbeddedAs | undefined;

const send = (message: AsMessage, then?: () => void) => process.send?.(message, undefined, {}, () => then?.());

async function answer(request: AsRequest): Promise<unknown> {
  if (request.op === 'start') {
    hosted = await runEmbeddedAs(request.options, { onCall: (counted) => send({ counted }), restore: request.restore });
    const {
      privateJwkOf, getToken: _getToken, revoke: _revoke, setFault: _setFault, pushSecurityEventsTo: _push, securityEventsSettled: _settled,
      stop: _stop, start: _start, calls: _calls, ...description
    } = hosted.as;
    const keyed = (request.options.clients ?? DEMO_CLIENTS).filter((client) => client.tokenEndpointAuthMethod === 'private_key_jwt');
    const privateJwks = Object.fromEntries(keyed.map((client) => [client.clientId, privateJwkOf(client.clientId)]));
    return { ...description, privateJwks };
  }
  if (!hosted) throw new Error('the embedded AS has not started');
  switch (request.op) {
    case 'getToken':
      return hosted.as.getToken(request.clientId, request.options);
    case 'revoke':
      return hosted.as.revoke(request.token, request.clientId);
    case 'setFault':
      return hosted.as.setFault(request.fault);
    case 'pushSecurityEventsTo':
      return hosted.as.pushSecurityEventsTo(request.stream);
    case 'securityEventsSettled':
      return hosted.as.securityEventsSettled();
    case 'shutdown': {
      await hosted.as.stop();
      return hosted.state();
    }
  }
}

process.on('message', (message: { id: number; request: AsRequest }) => {
  answer(message.request).then(
    (value) => {
      send({ id: message.id, ok: true, value }, message.request.op === 'shutdown' ? () => process.disconnect() : undefined);
    },
    (error: unknown) => send({ id: message.id, ok: false, error: serializeError(error) }),
  );
});
// The importer's process ended, or this one has answered `shutdown`: nothing is left to serve.
process.on('disconnect', () => process.exit(0));
