import type { Database } from './db';
import type { Logger } from './log';
import { type RunningServer, startServer } from './server';

// The receiver: the HTTP server with its routes over one migrated database.

export interface ReceiverOptions {
  db: Database;
  port?: number;
  host?: string;
  behindProxy?: boolean;
  log?: Logger;
}

/** Starts the receiver on an open, migrated database. */
export function startReceiver(options: ReceiverOptions): Promise<RunningServer> {
  return startServer(options, []);
}
