// Binding a server to a loopback port, with a port conflict reported as its own error so `npm start`
// can name the port and the variable that sets it.
import type { Server } from 'node:http';

/** Which local mode server could not bind, so `npm start` can name the variable that sets its port. */
export type LocalComponent = 'gateway' | 'as';

export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(readonly port: number, readonly host: string, readonly component?: LocalComponent) {
    super(`port ${port} on ${host} is already in use`);
    this.name = 'PortInUseError';
  }
}

/** Resolves with the bound port (useful with port 0). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, host) : error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Stops accepting, drops idle keep-alive connections, and waits for in-flight requests to finish. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}
