import { z } from 'zod';

/** What repairing a stored value did: the value to use, what was wrong, what was set aside. */
export interface Repair<T> {
  value: T;
  /** One line per problem: `path: reason`. Empty when the value was valid. */
  issues: string[];
  /** The invalid parts, kept so nothing is silently lost; undefined when nothing was removed. */
  setAside?: unknown;
}

function describe(error: z.ZodError, prefix: string): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return `${path || '(root)'}: ${issue.message}`;
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a stored value against its schema and repairs what it can: an object field by
 * field (invalid fields take the fallback's value), an array element by element (invalid
 * elements are set aside). Anything else that is invalid is set aside whole and the fallback used.
 */
export function repairValue<S extends z.ZodType>(
  schema: S,
  value: unknown,
  fallback: z.output<S>,
): Repair<z.output<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { value: parsed.data, issues: [] };

  if (schema instanceof z.ZodObject && isPlainObject(value) && isPlainObject(fallback)) {
    const shape = schema.shape as Record<string, z.ZodType>;
    const out: Record<string, unknown> = {};
    const issues: string[] = [];
    const setAside: Record<string, unknown> = {};
    for (const [field, fieldSchema] of Object.entries(shape)) {
      const result = fieldSchema.safeParse(value[field]);
      if (result.success) {
        out[field] = result.data;
      } else {
        issues.push(...describe(result.error, field));
        out[field] = fallback[field];
        if (field in value) setAside[field] = value[field];
      }
    }
    const whole = schema.safeParse(out);
    if (whole.success) {
      return { value: whole.data, issues, setAside: Object.keys(setAside).length ? setAside : undefined };
    }
  }

  if (schema instanceof z.ZodArray && Array.isArray(value)) {
    const element = schema.element as z.ZodType;
    const kept: unknown[] = [];
    const rejected: unknown[] = [];
    const issues: string[] = [];
    value.forEach((item, index) => {
      const result = element.safeParse(item);
      if (result.success) kept.push(result.data);
      else {
        rejected.push(item);
        issues.push(...describe(result.error, `[${index}]`));
      }
    });
    const whole = schema.safeParse(kept);
    if (whole.success) return { value: whole.data, issues, setAside: rejected };
  }

  return { value: fallback, issues: describe(parsed.error, ''), setAside: value };
}
