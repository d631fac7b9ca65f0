// Writes media/policy.schema.json (the JSON schema VS Code uses to validate and complete .vetted/policy.json) from
// the zod schema in src/core/policy/schema.ts. Run: npm run schema (test/unit/policy-schema.test.ts keeps it current).
import { writeFileSync } from 'fs';
import * as path from 'path';
import { policyJsonSchema } from '../src/core/policy/schema';

export const POLICY_SCHEMA_FILE = path.join('media', 'policy.schema.json');

export function policySchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..', '..');
  writeFileSync(path.join(root, POLICY_SCHEMA_FILE), policySchemaText());
  console.log(`schema: wrote ${POLICY_SCHEMA_FILE}`);
}
