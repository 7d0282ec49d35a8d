import type { Pack } from './pack';
import baseAbusive from './packs/base-abusive.json';
import baseAttack from './packs/base-candidate-attack.json';
import baseSupport from './packs/base-candidate-support.json';
import baseHateSpeech from './packs/base-hate-speech.json';
import baseIntimidation from './packs/base-intimidation.json';
import baseMoneyPolitics from './packs/base-money-politics.json';
import baseNeutralContext from './packs/base-neutral-context.json';
import pilkadaDki2017 from './packs/campaign-pilkada-dki-2017.json';
import pilkadaDki2024 from './packs/campaign-pilkada-dki-2024.json';
import pilpres2019 from './packs/campaign-pilpres-2019.json';
import pilpres2024 from './packs/campaign-pilpres-2024.json';

// The packs that ship with Netra, as written (JSON). They are validated by tests, not at import
// time, so importing the engine costs nothing; the tests also check that every field is spelled
// out (parsing adds no defaults), which is what makes the Pack type below true.

/** Base packs: generic language for every election. */
export const BASE_PACKS: readonly Pack[] = [
  baseSupport,
  baseAttack,
  baseNeutralContext,
  baseHateSpeech,
  baseAbusive,
  baseMoneyPolitics,
  baseIntimidation,
] as unknown as Pack[];

/** Example campaign packs for past elections, for coordinators to copy. */
export const CAMPAIGN_PACKS: readonly Pack[] = [
  pilpres2024,
  pilkadaDki2024,
  pilpres2019,
  pilkadaDki2017,
] as unknown as Pack[];

export type { Pack };
