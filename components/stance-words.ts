import { t } from '@/lib/i18n';
import { type CandidateStance, stancesFromFindings } from '@/lib/rules/stance';
import type { Finding } from '@/lib/reports/schema';

/** A stance in words: "mendukung Prabowo – Gibran", "menyerang seorang paslon". */
export function stanceWords(stance: Pick<CandidateStance, 'candidate' | 'stance'>): string {
  const who = stance.candidate?.name ?? t('stanceSomeCandidate');
  return t(stance.stance === 'support' ? 'stanceSupport' : 'stanceAttack', who);
}

/** The stances a flag's findings carry, strongest first. */
export function stancesOf(findings: readonly Finding[]): CandidateStance[] {
  return stancesFromFindings(findings);
}

/** The first letter in capitals, for a label that starts with a stance. */
export function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase('id') + text.slice(1);
}
