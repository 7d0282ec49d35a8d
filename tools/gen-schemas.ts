// Writes the published JSON Schemas from the zod contracts. Run after changing lib/reports/schema.ts:
//   npx tsx tools/gen-schemas.ts
// tests/reports/schema.test.ts fails while public/schemas is out of date.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { reportV1JsonSchema, reportV2JsonSchema } from '../lib/reports/schema';

const SCHEMAS: Record<string, () => Record<string, unknown>> = {
  'report-v1.json': reportV1JsonSchema,
  'report-v2.json': reportV2JsonSchema,
};

const written: string[] = [];
for (const [file, build] of Object.entries(SCHEMAS)) {
  const target = fileURLToPath(new URL(`../public/schemas/${file}`, import.meta.url));
  writeFileSync(target, `${JSON.stringify(build(), null, 2)}\n`);
  written.push(target);
}
// Generated files are left as JSON.stringify writes them (.prettierignore lists public/schemas).
for (const target of written) console.log(`wrote ${target}`);
