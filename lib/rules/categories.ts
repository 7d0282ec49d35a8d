/** Violation categories (ids in code; Indonesian labels in the UI via i18n `category_<id>`). */
export const CATEGORIES = [
  'candidate_support',
  'hate_speech',
  'abusive',
  'money_politics',
  'intimidation',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** How serious one finding is on its own; a post-level verdict combines them. */
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];
