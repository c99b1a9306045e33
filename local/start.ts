// `npm start`: the whole phantom-token flow on loopback (embedded AS, embedded DynamoDB, local gateway
// with the real authorizer and services). Prints one line beginning `ready`, then how to try it.
import { terminalAwareSink } from '../lambda/shared/pretty-log';
import { startLocalStack, type LocalStack } from './local-stack';
import { prepareMutualTls, SENDER_CONSTRAINED_BANNER } from './mtls/start-mutual-tls';
import { readyBanner } from './ready-banner';
import { startFailureMessage } from './start-failure';
import { startSettingsFromEnv } from './start-settings';

// This package supports Node 20 (package.json engines); the SDK's notice about its own future releases
// would be the only line on stderr of a healthy start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  const settings = startSettingsFromEnv(process.env);
  // JSON lines when piped (as in Lambda), one readable line each on a terminal.
  const logSink = terminalAwareSink();
  const mutualTls = settings.mutualTls ? await prepareMutualTls() : undefined;
  const stack = await startLocalStack({
    accessLog: logSink,
    decisionLog: logSink,
    gatewayPort: settings.gatewayPort,
    asPort: settings.asPort,
    exchangeMode: settings.exchangeMode,
    api: settings.api,
    dynamoDbEndpoint: settings.dynamoDbEndpoint,
    externalAs: settings.externalAs,
    senderConstrained: settings.senderConstrained,
    mutualTls: mutualTls?.gatewayTls,
  });
  const banner = [
    ...readyBanner(stack.banner),
    ...(settings.senderConstrained ? SENDER_CONSTRAINED_BANNER : []),
    ...(mutualTls?.banner(stack.gatewayUrl, stack.tokenEndpoint) ?? []),
  ];
  process.stdout.write(`${banner.join('\n')}\n`);
  stopOnSignals(stack);
}

function stopOnSignals(stack: LocalStack): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130); // a second Ctrl+C: do not wait any longer
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${startFailureMessage(error)}\n`);
  process.exit(1);
});
