// startEmbeddedAs: the embedded AS in a process of its own (as-process.ts), behind the same API as if it
// ran here. oidc-provider is an ES module only; loaded in the importer's process it would fail under
// Jest's CommonJS runtime (`cdk init`'s default test setup). `stop()` ends that process, keeping its
// keys, issued tokens and fault here, and `start()` starts a new one that continues on the same port,
// so an AS outage is a real one and a stopped AS leaves nothing running. The AS's output is relayed
// through this process's stdout and stderr, so what captures them here captures the AS too.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deserializeError, type AsDescription, type AsMessage, type AsRequest } from './as-process-messages';
import type { EmbeddedAsState } from './embedded-as';
import type { AsFault, EmbeddedAs, EmbeddedAsOptions, SecurityEventStream } from './types';

export async function startEmbeddedAs(options: EmbeddedAsOptions = {}): Promise<EmbeddedAs> {
  const calls = { introspection: 0, tokenExchange: 0 };
  const count = (counter: keyof EmbeddedAs['calls']) => void (calls[counter] += 1);
  let running: AsProcess | undefined = await AsProcess.start({ op: 'start', options }, count);
  const { privateJwks, ...properties } = running.description;
  let state: EmbeddedAsState | undefined;
  let fault: AsFault | undefined;
  // Kept here too, so a restarted AS (start() after stop()) pushes where this one did.
  let securityEvents: SecurityEventStream | undefined = options.securityEvents;
  let starting: Promise<void> | undefined;

  const current = (): AsProcess => {
    if (!running) throw new Error(`the embedded AS at ${properties.issuer} is stopped; call start() first`);
    return running;
  };
  return {
    ...properties,
    privateJwkOf: (clientId) => {
      const key = privateJwks[clientId];
      if (!key) throw new Error(`client ${clientId} does not use private_key_jwt`);
      return { ...key };
    },
    calls,
    getToken: async (clientId, tokenOptions) => (await current().request({ op: 'getToken', clientId, options: tokenOptions })) as string,
    revoke: async (token, clientId) => void (await current().request({ op: 'revoke', token, clientId })),
    setFault: async (next) => {
      fault = next;
      if (running) await running.request({ op: 'setFault', fault: next });
    },
    pushSecurityEventsTo: async (stream) => {
      securityEvents = stream;
      if (running) await running.request({ op: 'pushSecurityEventsTo', stream });
    },
    // A stopped AS has no push under way: the process that began one answered its SETs before it exited.
    securityEventsSettled: async () => {
      if (running) await running.request({ op: 'securityEventsSettled' });
    },
    stop: async () => {
      await starting;
      const stopping = running;
      running = undefined;
      if (stopping) state = await stopping.shutdown();
    },
    start: async () => {
      if (running || !state) return starting;
      const restore = { ...state, fault };
      starting = AsProcess.start({ op: 'start', options: { ...options, port: properties.port, securityEvents }, restore }, count).then((started) => {
        running = started;
      });
      try {
        await starting;
      } finally {
        starting = undefined;
      }
    },
  };
}

/** One AS process and its request channel. */
class AsProcess {
  static async start(request: Extract<AsRequest, { op: 'start' }>, count: (counter: keyof EmbeddedAs['calls']) => void): Promise<AsProcess> {
    const asProcess = new AsProcess(forkAsProcess(), count);
    try {
      asProcess.description = (await asProcess.request(request)) as AsDescription;
    } catch (error) {
      asProcess.child.kill();
      throw error;
    }
    return asProcess;
  }

  description!: AsDescription;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly exited: Promise<void>;
  private exitError: Error | undefined;
  private nextId = 1;
  /** Shutting down: the caller waits for the exit, so the process must keep this one alive until then. */
  private exiting = false;

  private constructor(
    private readonly child: ChildProcess,
    count: (counter: keyof EmbeddedAs['calls']) => void,
  ) {
    child.on('message', (message: AsMessage) => {
      if ('counted' in message) return count(message.counted);
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      this.holdOpen();
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(deserializeError(message.error));
    });
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitError = new Error(`the embedded AS process exited (${signal ?? `code ${code}`})`);
        for (const waiter of this.pending.values()) waiter.reject(this.exitError);
        this.pending.clear();
        resolve();
      });
    });
  }

  request(request: AsRequest): Promise<unknown> {
    if (this.exitError) return Promise.reject(this.exitError);
    const id = this.nextId++;
    const answer = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.holdOpen();
    this.child.send({ id, request });
    return answer;
  }

  /** The state to continue from; resolves once the process has exited (its port is free). */
  async shutdown(): Promise<EmbeddedAsState> {
    this.exiting = true;
    const state = (await this.request({ op: 'shutdown' })) as EmbeddedAsState;
    await this.exited;
    return state;
  }

  /**
   * The process keeps the importer's alive only while a request is pending, so a test that forgets
   * `stop()` still ends (and the AS with it, when the channel closes).
   */
  private holdOpen(): void {
    const open = this.pending.size > 0 || this.exiting;
    for (const handle of [this.child, this.child.channel]) {
      if (open) handle?.ref();
      else handle?.unref();
    }
  }
}

/** The AS process: compiled JavaScript in the package, TypeScript (through tsx) in a checkout. */
function forkAsProcess(): ChildProcess {
  // The bundled `dist/local/index.js` sits one folder up from `embedded-as/`; the sources and tsc's
  // output sit beside this file.
  const candidates = [join(__dirname, 'as-process.js'), join(__dirname, 'embedded-as', 'as-process.js'), join(__dirname, 'as-process.ts')];
  const entry = candidates.find((candidate) => existsSync(candidate));
  if (!entry) throw new Error(`cdk-phantom-token/local: the embedded AS's entry point is missing (looked for ${candidates.join(', ')})`);
  const execArgv = entry.endsWith('.ts') ? ['--import', pathToFileURL(require.resolve('tsx')).href] : [];
  const child = fork(entry, [], { execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
  child.stdout!.on('data', (chunk: Buffer) => process.stdout.write(chunk));
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return child;
}
