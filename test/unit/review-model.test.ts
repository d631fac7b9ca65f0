import * as assert from 'assert';
import { DEFAULT_POLICY, type TierPolicy } from '../../src/core/policy/model';
import type { Review } from '../../src/core/provenance/ledger';
import type { RegionMeta } from '../../src/core/provenance/types';
import { blockState, markerAfterSignOff, needsAction, progressText, signOffProblem, type BlockInput, type FindingInput } from '../../src/core/review/model';

const H1 = '1111111111111111';
const H2 = '2222222222222222';
const tier = (name: string): TierPolicy => DEFAULT_POLICY.tiers.find((t) => t.name === name)!;
const standard = tier('standard');
const twoReviewers: TierPolicy = { ...standard, name: 'two', reviewers: 2 };
const ALL3 = { 'untrusted-input': 'yes', 'no-credentials': 'yes', 'errors-no-internals': 'n/a' } as const;

const meta = (over: Partial<RegionMeta> = {}): RegionMeta => ({ id: '01JB2K7QX9', src: 'inline', tool: 'github.copilot', conf: 'high', ts: '2026-10-02T14:03:11Z', h: H1, status: 'unreviewed', ...over });
const block = (over: Partial<BlockInput> = {}, m: Partial<RegionMeta> = {}): BlockInput => ({ meta: meta(m), beginLine: 4, endLine: 9, marked: true, actualHash: H1, ...over });
const review = (by: string, h: string, answers: Review['answers'] = ALL3, status: Review['status'] = 'reviewed'): Review => ({ status, by, at: '2026-10-03T10:00:00Z', h, ...(answers ? { answers } : {}) });
const finding = (line: number, ruleId = 'sql-injection'): FindingInput => ({ ruleId, message: 'm', severity: 'high', confidence: 'high', line, character: 2, endLine: line, endCharacter: 10 });

describe('review model: block status', () => {
  it('is unreviewed without sign-offs and lists the tier questions in order', () => {
    const s = blockState({ block: block(), reviews: [], tier: standard, policy: DEFAULT_POLICY, findings: [] });
    assert.strictEqual(s.status, 'unreviewed');
    assert.deepStrictEqual(s.questions.map((q) => q.id), ['untrusted-input', 'no-credentials', 'errors-no-internals']);
    assert.match(s.questions[0].text, /untrusted input/);
    assert.strictEqual(s.needed, 1);
    assert.strictEqual(s.reviewRequired, true);
    assert.ok(needsAction(s));
  });

  it('is reviewed with one complete sign-off bound to the current hash', () => {
    const s = blockState({ block: block({}, { status: 'reviewed', reviewer: 'a@x.org' }), reviews: [review('a@x.org', H1)], tier: standard, policy: DEFAULT_POLICY, findings: [], reviewer: 'A@x.org' });
    assert.strictEqual(s.status, 'reviewed');
    assert.strictEqual(s.signedByMe, true, 'reviewer names compare case-insensitively');
    assert.deepStrictEqual(s.myAnswers, ALL3);
    assert.strictEqual(s.checklistMissing, false);
    assert.ok(!needsAction(s));
  });

  it('is modified when the code no longer matches the marker hash, and names who signed off before', () => {
    const s = blockState({ block: block({ actualHash: H2 }, { status: 'reviewed', reviewer: 'a@x.org' }), reviews: [review('a@x.org', H1)], tier: standard, policy: DEFAULT_POLICY, findings: [] });
    assert.strictEqual(s.status, 'modified');
    assert.strictEqual(s.hash, H2);
    assert.deepStrictEqual(s.signOffs, []);
    assert.deepStrictEqual(s.previouslySignedBy, ['a@x.org']);
    assert.ok(needsAction(s));
  });

  it('does not count a sign-off of other content, without a reviewer, or missing a required answer', () => {
    const incomplete = review('b@x.org', H1, { 'untrusted-input': 'yes' });
    const anonymous: Review = { status: 'reviewed', at: '2026-10-03T10:00:00Z', h: H1, answers: ALL3 };
    const s = blockState({ block: block(), reviews: [review('a@x.org', H2), incomplete, anonymous], tier: standard, policy: DEFAULT_POLICY, findings: [] });
    assert.strictEqual(s.status, 'unreviewed');
    assert.strictEqual(s.signOffs.length, 0);
  });

  it('needs more reviewers when the tier asks for two distinct ones', () => {
    const one = blockState({ block: block(), reviews: [review('a@x.org', H1), review('A@X.org', H1)], tier: twoReviewers, policy: DEFAULT_POLICY, findings: [] });
    assert.strictEqual(one.status, 'needs-reviewers');
    assert.strictEqual(progressText(one), '1 of 2');
    const two = blockState({ block: block(), reviews: [review('a@x.org', H1), review('b@x.org', H1)], tier: twoReviewers, policy: DEFAULT_POLICY, findings: [] });
    assert.strictEqual(two.status, 'reviewed');
    assert.deepStrictEqual(two.signOffs.map((x) => x.by), ['a@x.org', 'b@x.org']);
  });

  it('voids earlier sign-offs after Mark Unreviewed', () => {
    const s = blockState({ block: block(), reviews: [review('a@x.org', H1), { status: 'unreviewed', at: '2026-10-04T10:00:00Z', h: H1 }], tier: standard, policy: DEFAULT_POLICY, findings: [] });
    assert.strictEqual(s.status, 'unreviewed');
  });

  it('flags a marker that says reviewed with no checklist sign-off in the ledger', () => {
    const s = blockState({ block: block({}, { status: 'reviewed', reviewer: 'a@x.org' }), reviews: [review('a@x.org', H1, {})], tier: standard, policy: DEFAULT_POLICY, findings: [] });
    assert.strictEqual(s.status, 'reviewed');
    assert.strictEqual(s.checklistMissing, true);
    assert.ok(needsAction(s));
  });

  it('keeps only findings inside the block, sorted', () => {
    const s = blockState({ block: block(), reviews: [], tier: standard, policy: DEFAULT_POLICY, findings: [finding(12), finding(7, 'xss'), finding(5), finding(3)] });
    assert.deepStrictEqual(s.findings.map((f) => `${f.line}:${f.ruleId}`), ['5:sql-injection', '7:xss']);
  });

  it('shows unknown question ids by id and an experimental tier as not requiring review', () => {
    const custom: TierPolicy = { ...tier('experimental'), questions: ['team-specific', 'team-specific'] };
    const s = blockState({ block: block(), reviews: [], tier: custom, policy: DEFAULT_POLICY, findings: [] });
    assert.deepStrictEqual(s.questions, [{ id: 'team-specific', text: 'team-specific' }]);
    assert.strictEqual(s.reviewRequired, false);
    assert.ok(!needsAction(s));
  });
});

describe('review model: sign-off', () => {
  const state = blockState({ block: block(), reviews: [], tier: standard, policy: DEFAULT_POLICY, findings: [] });

  it('refuses a missing required answer, an unknown question, no reviewer and ledger-only blocks', () => {
    assert.match(signOffProblem(state, { 'untrusted-input': 'yes', 'no-credentials': 'no' }, 'a@x.org') ?? '', /1 unanswered: errors-no-internals/);
    assert.match(signOffProblem(state, { ...ALL3, 'rate-limit': 'yes' }, 'a@x.org') ?? '', /does not ask: rate-limit/);
    assert.match(signOffProblem(state, ALL3, undefined) ?? '', /no reviewer/);
    const ledgerOnly = blockState({ block: block({ marked: false, actualHash: undefined }), reviews: [], tier: standard, policy: DEFAULT_POLICY, findings: [] });
    assert.match(signOffProblem(ledgerOnly, ALL3, 'a@x.org') ?? '', /ledger-only/);
    assert.strictEqual(signOffProblem(state, ALL3, 'a@x.org'), undefined);
  });

  it('writes reviewed with the reviewer when one is enough, with the current hash', () => {
    const modified = blockState({ block: block({ actualHash: H2 }), reviews: [], tier: standard, policy: DEFAULT_POLICY, findings: [] });
    assert.deepStrictEqual(markerAfterSignOff(modified, 'a@x.org'), { status: 'reviewed', reviewer: 'a@x.org', h: H2, count: 1 });
  });

  it('keeps the marker unreviewed until the second distinct reviewer signs, then lists both', () => {
    const none = blockState({ block: block(), reviews: [], tier: twoReviewers, policy: DEFAULT_POLICY, findings: [] });
    assert.deepStrictEqual(markerAfterSignOff(none, 'a@x.org'), { status: 'unreviewed', reviewer: null, h: H1, count: 1 });
    const one = blockState({ block: block(), reviews: [review('a@x.org', H1, { ...ALL3 })], tier: twoReviewers, policy: DEFAULT_POLICY, findings: [] });
    assert.deepStrictEqual(markerAfterSignOff(one, 'a@x.org'), { status: 'unreviewed', reviewer: null, h: H1, count: 1 }, 'the same reviewer again does not count twice');
    assert.deepStrictEqual(markerAfterSignOff(one, 'b@x.org'), { status: 'reviewed', reviewer: 'a@x.org,b@x.org', h: H1, count: 2 });
  });
});
