import { compileMatcher, type Matcher, type Pack } from '../../lib/rules';
import { loadPacks } from '../../lib/rules/pack';

type RuleInput = Partial<Pack['rules'][number]> & { anyOf: string[] };

/** A validated base pack with the given rules (ids r1, r2, ... unless given). */
export function createBasePackMock(rules: RuleInput[], overrides: Partial<Pack> = {}): Pack {
  return validated({
    id: 'test.base',
    version: '1.0.0',
    language: 'id',
    kind: 'base',
    rules: rules.map((r, k) => ({
      id: `r${k + 1}`,
      category: 'candidate_support',
      severity: 'high',
      explanation: 'Contoh.',
      ...r,
    })),
    ...overrides,
  });
}

/** A validated campaign pack; candidates get every list field. */
export function createCampaignPackMock(
  candidates: (Partial<NonNullable<Pack['candidates']>[number]> & { id: string })[],
  overrides: Partial<Pack> = {},
): Pack {
  return validated({
    id: 'test.campaign',
    version: '1.0.0',
    language: 'id',
    kind: 'campaign',
    candidates: candidates.map((c) => ({ name: c.id.toUpperCase(), ...c })),
    rules: [],
    ...overrides,
  });
}

function validated(json: unknown): Pack {
  const { packs, errors } = loadPacks([{ source: 'test', json }]);
  if (errors.length > 0) throw new Error(JSON.stringify(errors));
  return packs[0]!;
}

/** Rule ids found in a text by a matcher compiled from the given rules alone. */
export function matchIds(matcher: Matcher, text: string): string[] {
  return matcher.classify(text).findings.map((f) => f.ruleId);
}

export function compileRules(rules: RuleInput[], extra: Pack[] = []): Matcher {
  return compileMatcher([...extra, createBasePackMock(rules)]);
}
