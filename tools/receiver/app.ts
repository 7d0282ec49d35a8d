import type { Database } from './db';
import { fileInCase } from './cases';
import { intakeRoute } from './intake';
import type { Logger } from './log';
import { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimitOptions } from './rate-limit';
import { type RunningServer, startServer } from './server';
import { reviewUiRoute } from './review-ui';
import { reviewApiRoute, statusRoute } from './status';

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
  const { db } = options;
  return startServer(options, [
    statusRoute(db, rateLimiter),
    intakeRoute({
      db,
      maxBodyBytes: options.maxBodyBytes,
      rateLimiter,
      log: options.log,
      onFiled: async (tx, report) => {
        await fileInCase(tx, report);
      },
    }),
    reviewApiRoute(db),
    reviewUiRoute(db),
  ]);
}
