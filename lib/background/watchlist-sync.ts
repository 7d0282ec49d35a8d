/** Registers the scheduled sync of the configured watchlist URL (alarms). */
export function startWatchlistSync(): void {}
