import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { POLICY_SCHEMA_FILE, policySchemaText } from '../../scripts/gen-policy-schema';
import { POLICY_LAYER_SCHEMA } from '../../src/core/policy/schema';
import { ROOT } from './helpers';

describe('policy schema', () => {
  it('media/policy.schema.json is generated from the zod schema (run `npm run schema` after changing it)', () => {
    assert.strictEqual(readFileSync(path.join(ROOT, POLICY_SCHEMA_FILE), 'utf8'), policySchemaText());
  });

  it('describes every layer key and tier field', () => {
    const schema = JSON.parse(policySchemaText());
    assert.deepStrictEqual(Object.keys(schema.properties).sort(), ['$schema', 'defaultTier', 'locked', 'questions', 'settings', 'tiers', 'trailers']);
    const tier = schema.properties.tiers.additionalProperties;
    for (const f of ['rank', 'globs', 'addGlobs', 'allowAi', 'questions', 'addQuestions', 'reviewers', 'blockSeverity', 'blockConfidence', 'blockUnreviewed']) {
      assert.ok(tier.properties[f]?.description, `tiers.*.${f} has a description`);
    }
    assert.strictEqual(tier.additionalProperties, false);
    assert.deepStrictEqual(schema.properties.settings.properties.minConfidence.enum, ['high', 'medium', 'low']);
  });

  it('the zod layer schema accepts the documented example and rejects typos', () => {
    const example = {
      tiers: { critical: { reviewers: 2, addGlobs: ['services/payments/**'], addQuestions: ['pii'] }, experimental: { globs: ['labs/**'] }, regulated: { rank: 3, globs: ['**/gdpr/**'], allowAi: false } },
      defaultTier: 'standard',
      questions: [{ id: 'pii', text: 'Does it store personal data? Where, and for how long?' }],
      locked: ['tiers.critical', 'minConfidence'],
      settings: { minConfidence: 'low' },
    };
    assert.ok(POLICY_LAYER_SCHEMA.safeParse(example).success);
    assert.ok(!POLICY_LAYER_SCHEMA.safeParse({ tiers: { critical: { reviewer: 2 } } }).success);
  });

  it('is contributed for .vetted/policy.json, with the vetted.policy setting (not restricted: untrusted values may tighten)', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const v = pkg.contributes.jsonValidation.find((j: { url: string }) => j.url === './media/policy.schema.json');
    assert.ok(v, 'jsonValidation entry');
    assert.ok(v.fileMatch.includes('**/.vetted/policy.json'));
    assert.strictEqual(pkg.contributes.configuration.properties['vetted.policy'].type, 'object');
    assert.ok(!pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('vetted.policy'));
    assert.ok(readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').includes('!media/policy.schema.json'));
  });
});
