// The ASN registry's public surface (see README.md in this folder).
export {
  accountKeys,
  displayHandle,
  normalizeKey,
  parseAccount,
  parseKey,
  parseProfileUrl,
  parseSiteName,
  profileUrl,
} from './canonical';
export { HASHED_FORMAT, WATCHLIST_FORMAT, type WatchlistFormat } from './formats';
export { type HashedWatchlist, hashWatchlist } from './hash-list';
export { saltedHashHex } from './hashed';
export { IdbStore, openIdbStore } from './idb-store';
export { ASN_MESSAGES, AsnError, type AsnErrorCode, describeError } from './messages';
export { parseNip } from './nip';
export {
  AsnRegistry,
  createRegistry,
  type ImportOptions,
  type RegistryOptions,
  type RemoveResult,
  type SearchResult,
  type TagInfo,
} from './registry';
export { countingStore, MemoryStore, type RegistryStore, type StoredChunk } from './store';
export { type AsnSuggestion, SUGGEST_REASON_LABELS, type SuggestEvidence, suggestAsn } from './suggest';
export type * from './types';
