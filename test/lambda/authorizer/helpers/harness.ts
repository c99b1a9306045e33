// A handler under test with its log lines captured and a controllable clock.
import { createAuthorizerHandler, type AuthorizerDeps } from '../../../../lambda/authorizer';
import type { AuthorizerConfig } from '../../../../lambda/shared/config';

export interface Harness {
  readonly handler: ReturnType<typeof createAuthorizerHandler>;
  readonly lines: string[];
  readonly decisions: () => Array<Record<string, unknown>>;
  /** Moves the handler's clock. */
  advance(ms: number): void;
}

export function harness(config: AuthorizerConfig, deps: Partial<AuthorizerDeps> = {}): Harness {
  const lines: string[] = [];
  let offset = 0;
  const handler = createAuthorizerHandler(config, { now: () => Date.now() + offset, logSink: (line) => lines.push(line), ...deps });
  return {
    handler,
    lines,
    decisions: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'decision'),
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** The thrown message, or 'resolved'. */
export async function outcomeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return (error as Error).message;
  }
}
