import abusive from './packs/abusive.json';
import hateSpeech from './packs/hate-speech.json';

// The model packs shipped with Netra (CC BY-NC-SA 4.0: see packs/LICENSE). Validated when loaded.

/** Shipped model packs as JSON, in the order their findings are listed. */
export const SHIPPED_MODEL_PACKS: readonly unknown[] = [hateSpeech, abusive];
