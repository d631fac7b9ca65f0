import * as assert from 'assert';
import { collectAiBom } from '../../src/core/report/aibom';
import { toAiBomSarif } from '../../src/core/report/aibomSarif';
import { toCycloneDx } from '../../src/core/report/cyclonedx';
import { spdxDateTime, toSpdx } from '../../src/core/report/spdx';
import { ALL_RULES } from '../../src/core/rules/index';
import { IDS, fixtureBom } from './reportFixture';
import { cycloneDxValidator, sarifValidator } from './schemaValidate';
import { spdxProblems } from './spdxShape';

type Node = Record<string, unknown> & { type: string; spdxId?: string };

describe('report: formats', () => {
  describe('SPDX 3.0.1 JSON-LD', () => {
    const doc = toSpdx(fixtureBom(), { toolVersion: '0.1.0' });
    const graph = doc['@graph'] as Node[];
    const of = (type: string) => graph.filter((n) => n.type === type);

    it('matches the published 3.0.1 shape of every class it emits, and every reference resolves', () => {
      assert.deepStrictEqual(spdxProblems(doc), []);
      assert.strictEqual(doc['@context'], 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld');
    });

    it('the shape check catches what a consumer would reject', () => {
      const broken = JSON.parse(JSON.stringify(doc)) as { '@graph': Node[] };
      const snippet = broken['@graph'].find((n) => n.type === 'software_Snippet')!;
      snippet.software_lineRange = { type: 'PositiveIntegerRange', beginIntegerRange: 0, endIntegerRange: 2 };
      assert.ok(spdxProblems(broken).length > 0, 'line 0 is not a positive integer');
      const broken2 = JSON.parse(JSON.stringify(doc)) as { '@graph': Node[] };
      broken2['@graph'].find((n) => n.type === 'software_Snippet')!.snippetFromFile = 'x:y';
      assert.ok(spdxProblems(broken2).length > 0, 'an unprefixed property is not in the 3.0.1 context');
      const broken3 = JSON.parse(JSON.stringify(doc)) as { '@graph': Node[] };
      broken3['@graph'].find((n) => n.type === 'software_Snippet')!.software_snippetFromFile = 'urn:nowhere:1';
      assert.ok(spdxProblems(broken3).some((p) => /does not resolve/.test(p)));
    });

    it('one CreationInfo for the document, a File per file, a Snippet per block with snippetFromFile and lineRange', () => {
      const docCi = graph.find((n) => n.type === 'CreationInfo' && n['@id'] === '_:creationinfo')!;
      assert.strictEqual(docCi.specVersion, '3.0.1');
      assert.strictEqual(docCi.created, '2026-12-01T10:00:00Z');
      assert.strictEqual(of('SpdxDocument').length, 1);
      assert.deepStrictEqual(of('software_File').map((n) => n.name), ['config/settings.json', 'db/schema.sql', 'scripts/tool.py', 'src/api/handler.js', 'src/auth/login.ts']);
      const snippets = of('software_Snippet');
      assert.strictEqual(snippets.length, 5);
      const a = snippets.find((n) => String(n.spdxId).endsWith(IDS.A))!;
      assert.deepStrictEqual(a.software_lineRange, { type: 'PositiveIntegerRange', beginIntegerRange: 4, endIntegerRange: 6 });
      const file = graph.find((n) => n.spdxId === a.software_snippetFromFile)!;
      assert.strictEqual(file.name, 'src/api/handler.js');
    });

    it('an ai_AIPackage per tool/model, related to its snippets by "generates"', () => {
      const pkgs = of('ai_AIPackage');
      assert.deepStrictEqual(pkgs.map((p) => [p.name, p.software_packageVersion]), [
        ['claude-code', 'claude-sonnet-4'],
        ['cline', undefined],
        ['github.copilot', 'gpt-4.1'],
      ]);
      const pasted = of('Annotation').find((n) => String(n.subject).endsWith(IDS.E) && /unknown origin/.test(String(n.statement)));
      assert.ok(pasted, 'a paste is not claimed to be AI: no package generates it');
      assert.ok(!of('Relationship').some((r) => (r.to as string[]).some((t) => t.endsWith(IDS.E))));
      const copilot = pkgs.find((p) => p.name === 'github.copilot')!;
      const rel = of('Relationship').find((r) => r.from === copilot.spdxId)!;
      assert.strictEqual(rel.relationshipType, 'generates');
      assert.deepStrictEqual((rel.to as string[]).map((t) => t.slice(-10)).sort(), [IDS.A, IDS.C].sort());
    });

    it('records the reviewer: a Person, and a review Annotation whose CreationInfo is by that person at the sign-off time', () => {
      const ana = of('Person').find((p) => p.name === 'ana@example.com')!;
      assert.ok(ana);
      const reviews = of('Annotation').filter((n) => n.annotationType === 'review');
      const b = reviews.find((n) => String(n.subject).endsWith(IDS.B))!;
      assert.match(String(b.statement), /Signed off by ana@example.com at 2026-11-04T09:00:00Z \(tier critical\)\. Checklist: errors-no-internals=n\/a, no-credentials=yes, untrusted-input=yes\./);
      const ci = graph.find((n) => n['@id'] === b.creationInfo)!;
      assert.deepStrictEqual([ci.created, ci.createdBy], ['2026-11-04T09:00:00Z', [ana.spdxId]]);
      const c = reviews.find((n) => String(n.subject).endsWith(IDS.C))!;
      assert.match(String(c.statement), /the block changed since/);
      const status = of('Annotation').filter((n) => n.annotationType === 'other' && String(n.statement).startsWith('Vetted status'));
      assert.deepStrictEqual(status.map((n) => String(n.subject).slice(-10)).sort(), [IDS.A, IDS.C, IDS.D, IDS.E].sort());
      assert.ok(of('Annotation').some((n) => /Vetted finding code-injection \(critical, CWE-95\) at line 5/.test(String(n.statement))));
    });

    it('is deterministic and writes DateTime without fractions', () => {
      assert.strictEqual(JSON.stringify(toSpdx(fixtureBom(), { toolVersion: '0.1.0' })), JSON.stringify(doc));
      assert.strictEqual(spdxDateTime('2026-11-04T09:00:00.123Z'), '2026-11-04T09:00:00Z');
      assert.strictEqual(spdxDateTime('2026-11-04T10:00:00+01:00'), '2026-11-04T09:00:00Z');
      assert.strictEqual(spdxDateTime('yesterday'), undefined);
    });
  });

  describe('SARIF 2.1.0', () => {
    const log = toAiBomSarif(fixtureBom(), ALL_RULES, { version: '0.1.0' }) as { runs: Array<{ results: Array<Record<string, any>>; tool: { driver: { rules: Array<{ id: string }> } } }> };

    it('validates against the OASIS SARIF 2.1.0 schema', () => {
      const validate = sarifValidator();
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 1)?.slice(0, 2000));
      assert.ok(!validate({ version: '2.1.0', runs: [{ results: [] }] }), 'a run without a tool is rejected');
    });

    it('one result per block needing attention and per finding in an AI block, each with properties.vetted', () => {
      const results = log.runs[0].results;
      assert.deepStrictEqual(
        results.map((r) => [r.ruleId, r.properties.vetted.regionId]),
        [
          ['ai-block-unreviewed', IDS.D],
          ['ai-block-unreviewed', IDS.E],
          ['ai-block-modified', IDS.C],
          ['ai-block-unreviewed', IDS.A],
          ['command-injection', IDS.C],
          ['code-injection', IDS.A],
        ],
      );
      const rules = log.runs[0].tool.driver.rules;
      for (const r of results) if (r.ruleIndex !== undefined) assert.strictEqual(rules[r.ruleIndex].id, r.ruleId);
      const a = results.find((r) => r.ruleId === 'ai-block-unreviewed' && r.properties.vetted.regionId === IDS.A)!;
      assert.deepStrictEqual(a.locations[0].physicalLocation.region, { startLine: 3, endLine: 7 });
      assert.deepStrictEqual([a.properties.vetted.tool, a.properties.vetted.model, a.properties.vetted.startLine, a.properties.vetted.endLine], ['github.copilot', 'gpt-4.1', 4, 6]);
      assert.ok(!results.some((r) => r.properties.vetted.regionId === IDS.B && r.ruleId.startsWith('ai-block')), 'a reviewed block without findings needs no attention');
    });
  });

  describe('CycloneDX 1.6', () => {
    const bom = toCycloneDx(fixtureBom(), { toolVersion: '0.1.0' }) as Record<string, any>;

    it('validates against the published CycloneDX 1.6 JSON schema', () => {
      const validate = cycloneDxValidator();
      assert.ok(validate(bom), JSON.stringify(validate.errors, null, 1)?.slice(0, 2000));
      assert.ok(!validate({ ...bom, specVersion: 1.6 }), 'a numeric specVersion is rejected');
    });

    it('tools as metadata.tools.components, blocks as vetted: properties on file components', () => {
      const tools = bom.metadata.tools.components as Array<{ type: string; name: string }>;
      assert.deepStrictEqual(
        tools.map((t) => [t.type, t.name]),
        [
          ['application', 'Vetted'],
          ['application', 'claude-code'],
          ['machine-learning-model', 'claude-sonnet-4'],
          ['application', 'cline'],
          ['application', 'github.copilot'],
          ['machine-learning-model', 'gpt-4.1'],
        ],
      );
      const login = (bom.components as Array<{ name: string; properties: Array<{ name: string; value: string }> }>).find((c) => c.name === 'src/auth/login.ts')!;
      const prop = (k: string) => login.properties.find((p) => p.name === `vetted:block:${IDS.B}:${k}`)?.value;
      assert.deepStrictEqual([prop('lines'), prop('status'), prop('reviewers'), prop('tier'), prop('answers')], ['3-5', 'reviewed', 'ana@example.com', 'critical', 'errors-no-internals=n/a, no-credentials=yes, untrusted-input=yes']);
      assert.ok(login.properties.every((p) => p.name.startsWith('vetted:')));
      assert.strictEqual(JSON.stringify(toCycloneDx(fixtureBom(), { toolVersion: '0.1.0' })), JSON.stringify(bom));
    });
  });

  it('a repository without AI code gives valid, empty documents in every format', () => {
    const empty = collectAiBom({ root: 'plain', files: [{ path: 'a.js', text: 'const a = 1;\n' }], ledger: [], generatedAt: '2026-12-01T10:00:00Z' });
    assert.strictEqual(empty.blocks.length, 0);
    assert.deepStrictEqual(spdxProblems(toSpdx(empty, { toolVersion: '0.1.0' })), []);
    assert.ok(sarifValidator()(toAiBomSarif(empty, ALL_RULES, { version: '0.1.0' })));
    assert.ok(cycloneDxValidator()(toCycloneDx(empty, { toolVersion: '0.1.0' })));
  });
});

