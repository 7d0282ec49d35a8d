// sastrawijs ships types, but its package "exports" map does not point at them.
declare module 'sastrawijs' {
  export class Stemmer {
    constructor(dictionary?: string[]);
    /** Sastrawi stem of one lower-case word. */
    stem(word: string): string;
    /** Whether the dictionary holds the word as a root. */
    find(word: string): boolean;
  }
}
