import * as assert from 'assert';
import { DEFAULT_POLICY, type TierPolicy } from '../../src/core/policy/model';
import { applyPinnedSettings, normaliseLockKey, relativeToFolder, resolvePolicy, type PolicyLayerInput } from '../../src/core/policy/resolve';
import { ruleMeta } from '../../src/core/rules/index';
import { DEFAULT_SETTINGS } from '../../src/core/settings';

const file = (obj: unknown, name = '.vetted/policy.json'): PolicyLayerInput => ({ source: 'policyFile', file: name, text: JSON.stringify(obj, null, 2) });
const tier = (r: ReturnType<typeof resolvePolicy>, name: string): TierPolicy => {
  const t = r.policy.tiers.find((x) => x.name === name);
  assert.ok(t, `tier ${name}`);
  return t;
};
const messages = (r: ReturnType<typeof resolvePolicy>) => r.problems.map((p) => p.message).join('\n');

describe('policy resolve: defaults and precedence', () => {
  it('with no layers gives the built-in defaults and no problems', () => {
    const r = resolvePolicy([], { trusted: true });
    assert.deepStrictEqual(r.policy.tiers, DEFAULT_POLICY.tiers);
    assert.strictEqual(r.policy.defaultTier, 'standard');
    assert.deepStrictEqual(r.problems, []);
    assert.deepStrictEqual(r.settings, {});
    assert.strictEqual(r.origin('tiers.critical.reviewers').source, 'default');
  });

  it('applies user < workspace < folder < policy file, key by key', () => {
    const r = resolvePolicy(
      [
        file({ tiers: { critical: { reviewers: 3 } } }),
        { source: 'folder', layer: { tiers: { critical: { blockSeverity: 'low', reviewers: 2 } } } },
        { source: 'user', layer: { tiers: { critical: { allowAi: false, blockSeverity: 'high', reviewers: 0 } }, trailers: true } },
        { source: 'workspace', layer: { tiers: { critical: { blockConfidence: 'low', blockSeverity: 'critical' } } } },
      ],
      { trusted: true },
    );
    const c = tier(r, 'critical');
    assert.strictEqual(c.reviewers, 3);
    assert.strictEqual(r.origin('tiers.critical.reviewers').source, 'policyFile');
    assert.strictEqual(c.blockSeverity, 'low');
    assert.strictEqual(r.origin('tiers.critical.blockSeverity').source, 'folder');
    assert.strictEqual(c.blockConfidence, 'low');
    assert.strictEqual(r.origin('tiers.critical.blockConfidence').source, 'workspace');
    assert.strictEqual(c.allowAi, false);
    assert.strictEqual(r.origin('tiers.critical.allowAi').source, 'user');
    assert.strictEqual(r.policy.trailers, true);
    assert.deepStrictEqual(r.problems, []);
  });

  it('replaces globs and questions with `globs`/`questions` and extends them with `addGlobs`/`addQuestions`', () => {
    const r = resolvePolicy(
      [
        { source: 'user', layer: { tiers: { standard: { questions: ['no-credentials'] }, experimental: { globs: ['lab/**'] } } } },
        file({ tiers: { standard: { addQuestions: ['rate-limit'] }, experimental: { addGlobs: ['tmp/**'] } } }),
      ],
      { trusted: true },
    );
    assert.deepStrictEqual(tier(r, 'standard').questions, ['no-credentials', 'rate-limit']);
    assert.deepStrictEqual(tier(r, 'experimental').globs, ['lab/**', 'tmp/**']);
    assert.strictEqual(r.tierFor('src/sandbox/x.ts').tier.name, 'standard', 'the default sandbox glob was replaced');
    assert.match(r.tierFor('tmp/a.js').reason, /tmp\/\*\* \(experimental tier, from \.vetted\/policy\.json\)/);
    assert.match(r.tierFor('lab/a.js').reason, /from user settings \(vetted\.policy\)/);
  });

  it('adds new tiers with a rank, new questions, and a new default tier', () => {
    const r = resolvePolicy(
      [
        file({
          questions: [{ id: 'pii-retention', text: 'Does it keep personal data only as long as needed?' }],
          tiers: { regulated: { rank: 5, globs: ['**/gdpr/**'], reviewers: 2, addQuestions: ['pii-retention'] } },
          defaultTier: 'critical',
        }),
      ],
      { trusted: true },
    );
    const reg = tier(r, 'regulated');
    assert.strictEqual(reg.rank, 5);
    assert.strictEqual(reg.reviewers, 2);
    assert.ok(reg.questions.includes('pii-retention') && reg.questions.includes('untrusted-input'), 'a new tier starts from the strictest tier');
    assert.strictEqual(r.policy.questions['pii-retention'].text, 'Does it keep personal data only as long as needed?');
    assert.strictEqual(r.tierFor('svc/gdpr/auth/x.ts').tier.name, 'regulated', 'the highest rank wins');
    assert.strictEqual(r.tierFor('src/app.ts').tier.name, 'critical');
    assert.match(r.tierFor('src/app.ts').reason, /default tier critical applies \(from \.vetted\/policy\.json\)/);
    assert.deepStrictEqual(r.policy.tiers.map((t) => t.name), ['experimental', 'standard', 'critical', 'regulated']);
  });

  it('matches Windows-style and ./ paths, relative to the workspace folder', () => {
    const r = resolvePolicy([file({ tiers: { critical: { addGlobs: ['src/secure/**'] } } })], { trusted: true });
    assert.strictEqual(r.tierFor('src\\secure\\keys.ts').tier.name, 'critical');
    assert.strictEqual(r.tierFor('.\\src\\secure\\keys.ts').glob, 'src/secure/**');
    assert.strictEqual(r.tierFor('lib\\Auth\\x.ts').tier.name, 'standard', 'globs are case-sensitive');
    assert.strictEqual(relativeToFolder('C:\\work\\api', 'c:\\work\\api\\src\\auth\\login.ts'), 'src/auth/login.ts');
    assert.strictEqual(relativeToFolder('/work/api/', '/work/api/.github/workflows/ci.yml'), '.github/workflows/ci.yml');
    assert.strictEqual(relativeToFolder('/work/api', '/work/apiary/x.ts'), undefined);
    assert.strictEqual(relativeToFolder('/work/api', '/work/web/src/auth/x.ts'), undefined);
  });

  it('resolves multi-root folders independently: each folder has its own policy file and folder settings', () => {
    const user = { source: 'user', layer: { tiers: { standard: { reviewers: 2 } } } } as const;
    const api = resolvePolicy([user, file({ tiers: { critical: { addGlobs: ['handlers/**'] } } }, 'api/.vetted/policy.json')], { trusted: true });
    const web = resolvePolicy([user, { source: 'folder', layer: { defaultTier: 'experimental' } }], { trusted: true });
    const rel = relativeToFolder('/repo/api', '/repo/api/handlers/pay.ts')!;
    assert.strictEqual(api.tierFor(rel).tier.name, 'critical');
    assert.match(api.tierFor(rel).reason, /from api\/\.vetted\/policy\.json/);
    assert.strictEqual(web.tierFor(relativeToFolder('/repo/web', '/repo/web/handlers/pay.ts')!).tier.name, 'experimental');
    assert.strictEqual(tier(api, 'standard').reviewers, 2);
    assert.strictEqual(tier(web, 'standard').reviewers, 2);
  });
});

describe('policy resolve: locks', () => {
  it('a locked key ignores user, workspace and folder values, and each attempt is a problem', () => {
    const r = resolvePolicy(
      [
        { source: 'user', layer: { tiers: { critical: { reviewers: 0, allowAi: false } } } },
        { source: 'workspace', layer: { tiers: { critical: { reviewers: 5 } } } },
        file({ locked: ['tiers.critical.reviewers'] }),
      ],
      { trusted: true },
    );
    const c = tier(r, 'critical');
    assert.strictEqual(c.reviewers, 1, 'comes from the default: the policy file does not set it');
    assert.strictEqual(c.allowAi, false, 'unlocked keys of the same tier still apply');
    const locked = r.problems.filter((p) => /locked by \.vetted\/policy\.json/.test(p.message));
    assert.deepStrictEqual(locked.map((p) => p.source).sort(), ['user', 'workspace']);
    assert.deepStrictEqual(locked[0].path, ['tiers', 'critical', 'reviewers']);
    assert.match(r.origin('tiers.critical.reviewers').detail, /locked by \.vetted\/policy\.json/);
  });

  it('a locked key takes the policy file value; locking a whole tier or `tiers` locks every field', () => {
    const r = resolvePolicy(
      [
        { source: 'folder', layer: { tiers: { critical: { blockSeverity: 'off' }, standard: { reviewers: 0 } }, defaultTier: 'experimental' } },
        file({ locked: ['tiers.critical', 'defaultTier'], tiers: { critical: { blockSeverity: 'low' } } }),
      ],
      { trusted: true },
    );
    assert.strictEqual(tier(r, 'critical').blockSeverity, 'low');
    assert.strictEqual(tier(r, 'standard').reviewers, 0, 'standard is not locked');
    assert.strictEqual(r.policy.defaultTier, 'standard');
    assert.strictEqual(r.problems.length, 2, messages(r));
    const all = resolvePolicy([{ source: 'user', layer: { tiers: { standard: { reviewers: 0 } } } }, file({ locked: ['tiers'] })], { trusted: true });
    assert.strictEqual(tier(all, 'standard').reviewers, 1);
  });

  it('locks general settings: the pinned value or the default, listed in lockedSettings', () => {
    const r = resolvePolicy([file({ locked: ['minConfidence', 'enable', 'settings.provenance.mode'], settings: { minConfidence: 'low' } })], { trusted: true });
    assert.deepStrictEqual([...r.lockedSettings].sort(), ['enable', 'minConfidence', 'provenance.mode']);
    assert.deepStrictEqual(r.settings, { minConfidence: 'low', enable: true, 'provenance.mode': 'auto' });
    const { settings } = applyPinnedSettings({ ...DEFAULT_SETTINGS, enable: false, minConfidence: 'high', 'provenance.mode': 'off' }, r.settings, true);
    assert.strictEqual(settings.enable, true);
    assert.strictEqual(settings.minConfidence, 'low');
    assert.strictEqual(settings['provenance.mode'], 'auto');
  });

  it('normalises lock keys and reports unknown ones; `locked` outside the policy file is a problem', () => {
    assert.strictEqual(normaliseLockKey('tiers.critical.addGlobs'), 'tiers.critical.globs');
    assert.strictEqual(normaliseLockKey('rules'), 'settings.rules');
    assert.strictEqual(normaliseLockKey('tiers.critical.reviewer'), undefined);
    const r = resolvePolicy([{ source: 'workspace', layer: { locked: ['trailers'] } }, file({ locked: ['nonsense', 'trailers'] })], { trusted: true });
    assert.deepStrictEqual(r.locked, ['trailers']);
    assert.match(messages(r), /"locked" is only read from \.vetted\/policy\.json/);
    assert.match(messages(r), /unknown lock key "nonsense"/);
    const p = r.problems.find((x) => /nonsense/.test(x.message))!;
    assert.deepStrictEqual(p.path, ['locked', 0]);
    assert.strictEqual(p.range?.start.line, 2);
  });

  it('`settings` is only read from the policy file', () => {
    const r = resolvePolicy([{ source: 'workspace', layer: { settings: { enable: false } } }], { trusted: true });
    assert.deepStrictEqual(r.settings, {});
    assert.match(messages(r), /"settings" is only read from \.vetted\/policy\.json/);
  });
});

describe('policy resolve: untrusted workspace may only tighten', () => {
  const untrusted = (layers: PolicyLayerInput[]) => resolvePolicy(layers, { trusted: false });
  const cases: { field: string; stricter: unknown; weaker: unknown; tier: string; user?: unknown }[] = [
    { field: 'allowAi', stricter: false, weaker: true, tier: 'critical', user: false },
    { field: 'reviewers', stricter: 3, weaker: 0, tier: 'critical' },
    { field: 'blockSeverity', stricter: 'low', weaker: 'off', tier: 'critical' },
    { field: 'blockConfidence', stricter: 'low', weaker: 'high', tier: 'critical' },
    { field: 'blockUnreviewed', stricter: true, weaker: false, tier: 'standard' },
  ];
  for (const source of ['workspace', 'folder', 'policyFile'] as const) {
    const layer = (v: unknown): PolicyLayerInput => (source === 'policyFile' ? file(v) : { source, layer: v });
    for (const c of cases) {
      it(`${source}: ${c.field} ${JSON.stringify(c.stricter)} applies, ${JSON.stringify(c.weaker)} is dropped with a problem`, () => {
        const tight = untrusted([layer({ tiers: { [c.tier]: { [c.field]: c.stricter } } })]);
        assert.deepStrictEqual((tier(tight, c.tier) as unknown as Record<string, unknown>)[c.field], c.stricter);
        assert.deepStrictEqual(tight.problems, []);
        // measured against default + user: allowAi is already true by default, so the user tightens it first
        const user: PolicyLayerInput[] = c.user === undefined ? [] : [{ source: 'user', layer: { tiers: { [c.tier]: { [c.field]: c.user } } } }];
        const loose = untrusted([...user, layer({ tiers: { [c.tier]: { [c.field]: c.weaker } } })]);
        const def = c.user ?? (DEFAULT_POLICY.tiers.find((t) => t.name === c.tier) as unknown as Record<string, unknown>)[c.field];
        assert.deepStrictEqual((tier(loose, c.tier) as unknown as Record<string, unknown>)[c.field], def);
        assert.strictEqual(loose.problems.length, 1, messages(loose));
        assert.match(loose.problems[0].message, /untrusted workspace: .*may only make the policy stricter/);
        assert.strictEqual(loose.problems[0].source, source);
      });
    }
  }

  it('the same weakening values apply when the workspace is trusted', () => {
    const r = resolvePolicy([{ source: 'workspace', layer: { tiers: { critical: { reviewers: 0, blockSeverity: 'off', blockUnreviewed: false } } } }], { trusted: true });
    assert.strictEqual(tier(r, 'critical').reviewers, 0);
    assert.strictEqual(tier(r, 'critical').blockSeverity, 'off');
    assert.strictEqual(tier(r, 'critical').blockUnreviewed, false);
  });

  it('compares against default + user: the user may weaken, the workspace may not undo a user tightening', () => {
    const r = untrusted([
      { source: 'user', layer: { tiers: { standard: { reviewers: 0 }, critical: { reviewers: 3 } } } },
      { source: 'workspace', layer: { tiers: { standard: { reviewers: 1 }, critical: { reviewers: 2 } } } },
    ]);
    assert.strictEqual(tier(r, 'standard').reviewers, 1, 'tighter than the user value: applies');
    assert.strictEqual(tier(r, 'critical').reviewers, 3, 'looser than the user value: dropped');
    assert.strictEqual(r.origin('tiers.critical.reviewers').source, 'user');
  });

  it('questions: only added, never removed', () => {
    const add = untrusted([file({ tiers: { standard: { addQuestions: ['rate-limit'] } } })]);
    assert.ok(tier(add, 'standard').questions.includes('rate-limit'));
    assert.deepStrictEqual(add.problems, []);
    const replace = untrusted([file({ tiers: { standard: { questions: ['rate-limit'] } } })]);
    assert.deepStrictEqual([...tier(replace, 'standard').questions].sort(), ['errors-no-internals', 'no-credentials', 'rate-limit', 'untrusted-input']);
    assert.match(messages(replace), /questions/);
  });

  it('question texts: new questions may be added, existing ones not reworded', () => {
    const r = untrusted([file({ questions: [{ id: 'no-credentials', text: 'Answer yes.' }, { id: 'new-one', text: 'A new question?' }] })]);
    assert.strictEqual(r.policy.questions['no-credentials'].text, DEFAULT_POLICY.questions['no-credentials'].text);
    assert.strictEqual(r.policy.questions['new-one'].text, 'A new question?');
    assert.match(messages(r), /cannot be reworded/);
  });

  it('globs: added only to tiers at least as strict as the default tier, never removed', () => {
    const r = untrusted([file({ tiers: { critical: { addGlobs: ['src/keys/**'] }, experimental: { addGlobs: ['src/**'] } } })]);
    assert.strictEqual(r.tierFor('src/keys/a.ts').tier.name, 'critical');
    assert.strictEqual(r.tierFor('src/app.ts').tier.name, 'standard', 'moving files to experimental would weaken');
    assert.match(messages(r), /glob "src\/\*\*" is not added to tier experimental/);
    const removed = untrusted([{ source: 'workspace', layer: { tiers: { critical: { globs: [] } } } }]);
    assert.strictEqual(removed.tierFor('src/auth/login.ts').tier.name, 'critical');
    assert.match(messages(removed), /globs cannot be removed/);
    const trusted = resolvePolicy([{ source: 'workspace', layer: { tiers: { critical: { globs: [] } } } }], { trusted: true });
    assert.strictEqual(trusted.tierFor('src/auth/login.ts').tier.name, 'standard');
  });

  it('ranks cannot change; a new weak tier gets no globs; the default tier only becomes stricter', () => {
    const r = untrusted([
      file({
        tiers: { experimental: { rank: 9 }, lax: { rank: 7, allowAi: true, reviewers: 0, blockSeverity: 'off', blockUnreviewed: false, globs: ['**'] } },
        defaultTier: 'experimental',
      }),
    ]);
    assert.strictEqual(tier(r, 'experimental').rank, 0);
    assert.strictEqual(r.policy.defaultTier, 'standard');
    assert.strictEqual(r.tierFor('src/auth/x.ts').tier.name, 'critical');
    assert.strictEqual(r.tierFor('src/app.ts').tier.name, 'standard');
    assert.match(messages(r), /rank of tier experimental cannot change/);
    assert.match(messages(r), /defaultTier "experimental"/);
    assert.match(messages(r), /glob "\*\*" is not added to tier lax/);
    const stricter = untrusted([{ source: 'workspace', layer: { defaultTier: 'critical' } }]);
    assert.strictEqual(stricter.policy.defaultTier, 'critical');
    assert.deepStrictEqual(stricter.problems, []);
  });

  it('a new tier stricter than every other may take files', () => {
    const r = untrusted([file({ tiers: { lockdown: { rank: 10, allowAi: false, reviewers: 2, globs: ['src/core/**'] } } })]);
    assert.strictEqual(r.tierFor('src/core/x.ts').tier.name, 'lockdown');
    assert.deepStrictEqual(r.problems, []);
  });

  it('a lock in an untrusted policy file cannot drop the user\'s stricter value', () => {
    const r = untrusted([{ source: 'user', layer: { tiers: { critical: { reviewers: 3 } } } }, file({ locked: ['tiers.critical.reviewers'] })]);
    assert.strictEqual(tier(r, 'critical').reviewers, 3);
    assert.ok(r.problems.some((p) => p.source === 'policyFile' && /would weaken/.test(p.message)), messages(r));
  });

  it('pinned settings: enable, rules, minConfidence, provenance.mode, exclude only tighten', () => {
    const weak = untrusted([
      file({ settings: { enable: false, minConfidence: 'high', rules: { 'sql-injection': 'off', 'code-injection': 'critical' }, 'provenance.mode': 'off', exclude: ['**/node_modules/**', 'src/**'], focus: 'changed', maxFileSizeKB: 10 } }),
    ]);
    assert.strictEqual(weak.settings.enable, true);
    assert.strictEqual(weak.settings.minConfidence, 'medium');
    assert.strictEqual(weak.settings.rules!['sql-injection'], ruleMeta('sql-injection')!.severity, 'back to its default severity');
    assert.strictEqual(weak.settings.rules!['code-injection'], 'critical');
    assert.strictEqual(weak.settings['provenance.mode'], 'auto');
    assert.deepStrictEqual(weak.settings.exclude, ['**/node_modules/**']);
    assert.strictEqual(weak.settings.focus, 'all');
    assert.strictEqual(weak.settings.maxFileSizeKB, DEFAULT_SETTINGS.maxFileSizeKB);
    assert.strictEqual(weak.problems.length, 7, messages(weak));
    const strict = untrusted([file({ settings: { minConfidence: 'low', exclude: ['**/node_modules/**'], maxFileSizeKB: 4096 } })]);
    assert.deepStrictEqual(strict.settings, { minConfidence: 'low', exclude: ['**/node_modules/**'], maxFileSizeKB: 4096 });
    assert.deepStrictEqual(strict.problems, []);
  });

  it('applyPinnedSettings (untrusted) keeps the user\'s stricter values; trusted, the pinned values win', () => {
    const current = { ...DEFAULT_SETTINGS, minConfidence: 'low' as const, rules: { 'insecure-random': 'high' as const } };
    const pinned = { minConfidence: 'medium' as const, rules: { 'insecure-random': 'critical' as const }, exclude: [] as string[] };
    const u = applyPinnedSettings(current, pinned, false);
    assert.strictEqual(u.settings.minConfidence, 'low');
    assert.strictEqual(u.settings.rules['insecure-random'], 'critical');
    assert.deepStrictEqual(u.settings.exclude, []);
    const t = applyPinnedSettings(current, pinned, true);
    assert.strictEqual(t.settings.minConfidence, 'medium');
    assert.ok(t.notes.some((n) => /vetted\.minConfidence/.test(n)));
  });
});

describe('policy resolve: invalid input never throws and falls back to the strictest safe values', () => {
  it('a policy file that is not JSON puts every path in the strictest tier and says so, with the position', () => {
    const r = resolvePolicy([{ source: 'user', layer: { tiers: { critical: { reviewers: 2 } } } }, { source: 'policyFile', file: '.vetted/policy.json', text: '{\n  "tiers": {\n    critical: {}\n  }\n}\n' }], { trusted: true });
    assert.ok(r.invalidFile);
    for (const p of ['src/app.ts', 'sandbox/x.py', 'README.md']) {
      const t = r.tierFor(p);
      assert.strictEqual(t.tier.name, 'critical', p);
      assert.match(t.reason, /invalid, so every file gets the strictest tier, critical/);
    }
    assert.strictEqual(r.policy.defaultTier, 'critical');
    assert.strictEqual(tier(r, 'critical').reviewers, 2, 'settings layers still apply');
    assert.strictEqual(r.problems.length, 1);
    assert.match(r.problems[0].message, /not valid JSON \(line 3, column 5: expected a property name in double quotes/);
    assert.match(r.problems[0].message, /every file gets the strictest tier/);
    assert.deepStrictEqual(r.problems[0].range?.start, { line: 2, character: 4 });
  });

  it('a policy file that is JSON but not an object is treated the same way; an empty file is no policy', () => {
    const r = resolvePolicy([{ source: 'policyFile', text: '[1, 2]' }], { trusted: true });
    assert.strictEqual(r.tierFor('src/app.ts').tier.name, 'critical');
    assert.match(messages(r), /must contain a JSON object/);
    const empty = resolvePolicy([{ source: 'policyFile', text: '  \n' }], { trusted: true });
    assert.strictEqual(empty.tierFor('src/app.ts').tier.name, 'standard');
    assert.deepStrictEqual(empty.problems, []);
  });

  it('an invalid field takes its strictest safe value; the other fields still apply', () => {
    const r = resolvePolicy(
      [file({ tiers: { standard: { allowAi: 'no', reviewers: 'two', blockSeverity: 'loud', blockConfidence: 7, blockUnreviewed: null, questions: 'all' }, critical: { reviewers: 4 } }, trailers: 'yes' })],
      { trusted: true },
    );
    const s = tier(r, 'standard');
    assert.strictEqual(s.allowAi, false);
    assert.strictEqual(s.reviewers, 2);
    assert.strictEqual(s.blockSeverity, 'low');
    assert.strictEqual(s.blockConfidence, 'low');
    assert.strictEqual(s.blockUnreviewed, true);
    assert.deepStrictEqual([...s.questions].sort(), Object.keys(DEFAULT_POLICY.questions).sort());
    assert.strictEqual(tier(r, 'critical').reviewers, 4);
    assert.strictEqual(r.policy.trailers, false);
    assert.strictEqual(r.problems.filter((p) => p.severity === 'error').length, 7, messages(r));
    assert.match(r.origin('tiers.standard.allowAi').detail, /strictest safe value/);
  });

  it('an invalid defaultTier, unknown default tier, invalid tiers object or non-object layer never weakens', () => {
    assert.strictEqual(resolvePolicy([file({ defaultTier: 'Nope!' })], { trusted: true }).policy.defaultTier, 'critical');
    assert.strictEqual(resolvePolicy([file({ defaultTier: 'missing' })], { trusted: true }).policy.defaultTier, 'critical');
    const bad = resolvePolicy([file({ tiers: ['x'] })], { trusted: true });
    assert.strictEqual(tier(bad, 'experimental').allowAi, false);
    assert.strictEqual(tier(bad, 'experimental').blockUnreviewed, true);
    const notObject = resolvePolicy([{ source: 'workspace', layer: 'strict please' }], { trusted: true });
    assert.strictEqual(notObject.policy.defaultTier, 'standard');
    assert.match(messages(notObject), /must be an object/);
  });

  it('warns about unknown keys, unknown tier fields, tiers without a rank, undefined questions and odd globs', () => {
    const r = resolvePolicy(
      [file({ tier: {}, tiers: { critical: { reviewer: 2, addGlobs: ['/src/auth/**', 'src\\keys\\**'], addQuestions: ['made-up'] }, newbie: { allowAi: false } } })],
      { trusted: true },
    );
    const m = messages(r);
    assert.match(m, /unknown key "tier"/);
    assert.match(m, /unknown tier field "reviewer"/);
    assert.match(m, /new tier newbie needs an integer "rank"/);
    assert.match(m, /requires question "made-up", which is not defined/);
    assert.match(m, /never matches: paths are relative/);
    assert.match(m, /contains a backslash/);
    assert.strictEqual(r.policy.questions['made-up'].text, 'made-up');
    assert.ok(!r.policy.tiers.some((t) => t.name === 'newbie'));
  });

  it('invalid pinned settings: security keys pin their strictest value, others are not pinned', () => {
    const r = resolvePolicy([file({ settings: { enable: 'yes', minConfidence: 'all', debounceMs: -1, rules: { 'sql-injection': 'loud', 'no-such-rule': 'off', 'code-injection': 'low' }, nope: 1 } })], { trusted: true });
    assert.strictEqual(r.settings.enable, true);
    assert.strictEqual(r.settings.minConfidence, 'low');
    assert.strictEqual(r.settings.debounceMs, undefined);
    assert.deepStrictEqual(r.settings.rules, { 'code-injection': 'low' });
    assert.match(messages(r), /unknown setting "nope"/);
    assert.match(messages(r), /unknown rule id "no-such-rule"/);
  });

  it('survives arbitrary garbage in every layer', () => {
    const junk: unknown[] = [null, 0, 'x', [], [null], { tiers: null }, { tiers: { critical: null } }, { tiers: { critical: { globs: [1, null, 'ok/**'] } } }, { questions: [null, { id: 'BAD' }] }, { settings: [] }, { locked: 'all' }, { __proto__: { tiers: 1 } }, { constructor: 1 }];
    for (const j of junk) {
      for (const trusted of [true, false]) {
        const r = resolvePolicy([{ source: 'user', layer: j }, { source: 'workspace', layer: j }, { source: 'folder', layer: j }, { source: 'policyFile', text: JSON.stringify(j) ?? 'undefined' }], { trusted });
        assert.ok(r.policy.tiers.length >= 3);
        assert.ok(r.policy.tiers.some((t) => t.name === r.policy.defaultTier));
        assert.ok(r.tierFor('src/auth/x.ts').tier.rank >= 2, JSON.stringify(j));
      }
    }
    const texts = ['', '{', '{"a":', '{"tiers": {"critical": {"reviewers": 1e999}}}', '\u0000', '"'.repeat(3), '['.repeat(5000), '{"a":1,}', '{"a" 1}'];
    for (const text of texts) resolvePolicy([{ source: 'policyFile', text }], { trusted: false }).tierFor('x');
  });
});
