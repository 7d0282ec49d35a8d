import type { Database } from './db';
import { intakeRoute } from './intake';
import type { Logger } from './log';
import { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimitOptions } from './rate-limit';
import { type RunningServer, startServer } from './server';

// The receiver: the HTTP server with its routes over one migrated database.

export interface ReceiverOptions {
  db: Database;
  port?: number;
  host?: string;
  behindProxy?: boolean;
  log?: Logger;
  maxBodyBytes?: number;
  rateLimit?: RateLimitOptions;
}

/** Starts the receiver on an open, migrated database. */
export function startReceiver(options: ReceiverOptions): Promise<RunningServer> {
  const rateLimiter = createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  return startServer(options, [
    intakeRoute({ db: options.db, maxBodyBytes: options.maxBodyBytes, rateLimiter, log: options.log }),
  ]);
}
