import * as assert from 'assert';
import { explainPolicy } from '../../src/core/policy/explain';
import { resolvePolicy } from '../../src/core/policy/resolve';

describe('policy explain (Show Effective Policy)', () => {
  it('names the tier, the glob, its source, each field with its source, locks and trust', () => {
    const r = resolvePolicy(
      [
        { source: 'workspace', layer: { tiers: { critical: { blockSeverity: 'low' } } } },
        { source: 'policyFile', file: '.vetted/policy.json', text: JSON.stringify({ tiers: { critical: { reviewers: 2 } }, locked: ['tiers.critical.reviewers'] }) },
      ],
      { trusted: true },
    );
    const text = explainPolicy(r, 'src\\auth\\login.ts');
    assert.match(text, /effective policy for `src\/auth\/login\.ts`/);
    assert.match(text, /\*\*Tier: critical\*\*/);
    assert.match(text, /matches \*\*\/auth\/\*\* \(critical tier, from built-in default\)/);
    assert.match(text, /\| reviewers \| `2` \| \.vetted\/policy\.json; locked by \.vetted\/policy\.json \|/);
    assert.match(text, /\| blockSeverity \| `low` \| workspace settings \(vetted\.policy\) \|/);
    assert.match(text, /- `tiers\.critical\.reviewers`/);
    assert.match(text, /Workspace trust: \*\*trusted\*\*/);
    assert.match(text, /needs 2 distinct reviewers/);
    assert.match(text, /\*\*rate-limit\*\*: Is there rate limiting/);
    assert.match(text, /## Problems\n\nNone\./);
  });

  it('explains the default tier, untrusted mode, an invalid file and the problems with their positions', () => {
    const r = resolvePolicy([{ source: 'policyFile', file: 'api/.vetted/policy.json', text: '{\n  "tiers": oops\n}' }], { trusted: false });
    const text = explainPolicy(r, 'src/app.ts', { folder: 'api' });
    assert.match(text, /\*\*Tier: critical\*\*/);
    assert.match(text, /api\/\.vetted\/policy\.json is invalid, so every file gets the strictest tier/);
    assert.match(text, /untrusted \(Restricted Mode\)/);
    assert.match(text, /- error: api\/\.vetted\/policy\.json:2:12: .*not valid JSON/);
    const ok = explainPolicy(resolvePolicy([], { trusted: true }), 'src/app.ts');
    assert.match(ok, /matches no tier glob, so the default tier standard applies \(from built-in default\)/);
    assert.match(ok, /No keys are locked/);
  });
});
