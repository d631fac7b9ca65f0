/**
 * The AI-BOM as CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/). The assistants are listed as tools
 * (`metadata.tools.components`: an `application` per tool, a `machine-learning-model` per model), every file with AI
 * code is a `file` component, and its AI blocks are name/value `properties` prefixed `vetted:` (CycloneDX's
 * property taxonomy convention: a namespace prefix per producer):
 *
 *   vetted:block:<id>:lines      "10-21"          vetted:block:<id>:status     "reviewed"
 *   vetted:block:<id>:tool       "github.copilot" vetted:block:<id>:reviewers  "ana@example.com"
 *   ... model, src, conf, ts, tier, findings (count), finding:<n> ("rule-id line 12 high")
 *
 * Pure and deterministic (the serial number is derived from the root and the report time).
 */
import { stableUuid } from './aibomJson';
import { toolsOf, type AiBom } from './aibom';

type Prop = { name: string; value: string };

export function toCycloneDx(bom: AiBom, options: { toolVersion: string }): Record<string, unknown> {
  const tools = toolsOf(bom);
  const toolComponents: Record<string, unknown>[] = [{ type: 'application', 'bom-ref': 'tool:vetted', name: 'Vetted', version: options.toolVersion, publisher: 'Vetted' }];
  const seen = new Set<string>();
  const toolRef = (tool: string) => `ai-tool:${tool}`;
  const modelRef = (model: string) => `ai-model:${model}`;
  for (const t of tools) {
    if (t.tool === 'unknown' && !t.model) continue; // not a tool: code of unknown origin (a paste)
    if (!seen.has(toolRef(t.tool))) {
      seen.add(toolRef(t.tool));
      toolComponents.push({ type: 'application', 'bom-ref': toolRef(t.tool), name: t.tool, description: 'AI coding assistant (from provenance tags)' });
    }
    if (t.model && !seen.has(modelRef(t.model))) {
      seen.add(modelRef(t.model));
      toolComponents.push({ type: 'machine-learning-model', 'bom-ref': modelRef(t.model), name: t.model, description: 'Model behind an AI coding assistant (from provenance tags)' });
    }
  }
  const files = [...new Set(bom.blocks.map((b) => b.path))].sort();
  const components = files.map((path) => {
    const props: Prop[] = [];
    for (const b of bom.blocks.filter((x) => x.path === path)) {
      const p = (k: string, v: string) => props.push({ name: `vetted:block:${b.id}:${k}`, value: v });
      p('lines', `${b.startLine}-${Math.max(b.startLine, b.endLine)}`);
      p('origin', b.origin);
      p('src', b.src);
      p('tool', b.tool);
      if (b.model) p('model', b.model);
      p('conf', b.conf);
      p('ts', b.ts);
      p('status', b.status);
      if (b.reviewers.length) p('reviewers', b.reviewers.join(', '));
      if (b.lastSignOff) {
        p('reviewed-at', b.lastSignOff.at);
        const answers = Object.entries(b.lastSignOff.answers ?? {}).sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0));
        if (answers.length) p('answers', answers.map(([q, a]) => `${q}=${a}`).join(', '));
      }
      if (b.tier) p('tier', b.tier);
      p('findings', String(b.findings.length));
      b.findings.forEach((f, i) => p(`finding:${i + 1}`, `${f.ruleId} line ${f.range.start.line + 1} ${f.severity} ${f.cwe.join(' ')}`.trim()));
    }
    return { type: 'file', 'bom-ref': `file:${path}`, name: path, properties: props };
  });
  const t = bom.totals;
  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${stableUuid(`${bom.root}\u0000${bom.generatedAt}`)}`,
    version: 1,
    metadata: {
      timestamp: bom.generatedAt,
      tools: { components: toolComponents },
      component: { type: 'application', 'bom-ref': 'root', name: bom.root },
      properties: [
        { name: 'vetted:report', value: 'line-level AI bill of materials' },
        { name: 'vetted:blocks', value: String(t.blocks) },
        { name: 'vetted:unreviewed', value: String(t.unreviewed) },
        { name: 'vetted:modified', value: String(t.modified) },
        { name: 'vetted:reviewed', value: String(t.reviewed) },
        { name: 'vetted:ai-lines', value: String(t.aiLines) },
        { name: 'vetted:lines', value: String(t.lines) },
      ],
    },
    components,
    dependencies: [{ ref: 'root', dependsOn: components.map((c) => c['bom-ref']) }],
  };
}

export function cycloneDxText(bom: AiBom, options: { toolVersion: string }): string {
  return JSON.stringify(toCycloneDx(bom, options), null, 2) + '\n';
}
