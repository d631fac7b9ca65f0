import * as assert from 'assert';
import { DEFAULT_POLICY, normalisePath, tierFor } from '../../src/core/policy/model';

describe('policy model: tierFor', () => {
  it('puts auth, crypto, payments, terraform, Dockerfiles and workflows in the critical tier', () => {
    for (const p of ['src/auth/login.ts', 'lib/crypto.js', 'svc/payments/charge.py', 'infra/main.tf', 'Dockerfile', 'api/Dockerfile', '.github/workflows/ci.yml']) {
      assert.strictEqual(tierFor(DEFAULT_POLICY, p).tier.name, 'critical', p);
    }
  });
  it('falls back to the default tier and says so', () => {
    const r = tierFor(DEFAULT_POLICY, 'src/app/routes.ts');
    assert.strictEqual(r.tier.name, 'standard');
    assert.strictEqual(r.glob, undefined);
    assert.match(r.reason, /no tier glob/);
  });
  it('prefers the strictest matching tier and normalises Windows-style paths', () => {
    const r = tierFor(DEFAULT_POLICY, 'sandbox\\auth\\try.ts');
    assert.strictEqual(r.tier.name, 'critical');
    assert.strictEqual(r.glob, '**/auth/**');
    assert.strictEqual(normalisePath('.\\a\\\\b/c'), 'a/b/c');
    assert.strictEqual(tierFor(DEFAULT_POLICY, 'sandbox/try.ts').tier.name, 'experimental');
  });
});
