/** Violation categories (ids in code; Indonesian labels in the UI via i18n `category_<id>`). */
export const CATEGORIES = [
  'candidate_support',
  'candidate_attack',
  'hate_speech',
  'abusive',
  'money_politics',
  'intimidation',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** How serious one finding is on its own; a post-level verdict combines them. */
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The partisan categories: for or against a candidate. Both break an ASN's neutrality. */
export const PARTISAN_CATEGORIES = ['candidate_support', 'candidate_attack'] as const;
export type PartisanCategory = (typeof PARTISAN_CATEGORIES)[number];

/** Which way a partisan finding goes. */
export type StanceDirection = 'support' | 'attack';

/** The direction a partisan category stands for, or undefined for the other categories. */
export function stanceOf(category: Category): StanceDirection | undefined {
  if (category === 'candidate_support') return 'support';
  if (category === 'candidate_attack') return 'attack';
  return undefined;
}

/**
 * Why a text that names a candidate may carry no stance of its author: it reports, asks,
 * announces, reports a violation or checks a fact. Context cues lower or cancel partisan findings
 * in their scope; they are never a flag on their own.
 */
export const CONTEXT_KINDS = [
  'news',
  'quote',
  'question',
  'announcement',
  'violation_report',
  'fact_check',
  'survey',
] as const;
export type ContextKind = (typeof CONTEXT_KINDS)[number];
