import { type MessageKey, t } from '@/lib/i18n';
import type { Category } from '@/lib/rules/categories';
import type { SiteId } from '@/lib/sites/types';

const SITE_KEYS: Record<SiteId, MessageKey> = {
  x: 'siteX',
  facebook: 'siteFacebook',
  instagram: 'siteInstagram',
  tiktok: 'siteTiktok',
  youtube: 'siteYoutube',
};

const CATEGORY_KEYS: Record<Category, MessageKey> = {
  candidate_support: 'categoryCandidateSupport',
  candidate_attack: 'categoryCandidateAttack',
  hate_speech: 'categoryHateSpeech',
  abusive: 'categoryAbusive',
  money_politics: 'categoryMoneyPolitics',
  intimidation: 'categoryIntimidation',
};

/** A site's name as the UI shows it. */
export function siteLabel(site: SiteId): string {
  return t(SITE_KEYS[site]);
}

/** A category's label in the current language. */
export function categoryLabel(category: Category): string {
  return t(CATEGORY_KEYS[category]);
}
