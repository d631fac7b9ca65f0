/**
 * The AI-BOM as SARIF 2.1.0: one result per AI block that needs attention (unreviewed, or modified since its review)
 * and one per open finding inside an AI block. Every result carries `properties.vetted` with the block's region data
 * (id, lines, tool, model, source, status, reviewers, tier), so code scanning UIs can filter on it. The rules and
 * finding results come from sarif.ts (the `vetted scan` output), so both logs look alike. Pure and deterministic.
 */
import type { RuleMeta } from '../rules/api';
import type { AiBlock, AiBom } from './aibom';
import { result as findingResult, toSarif } from './sarif';

export const BLOCK_RULES = [
  {
    id: 'ai-block-unreviewed',
    name: 'AiBlockUnreviewed',
    text: 'AI-generated block without a recorded review',
    full: 'A provenance-tagged AI block has no sign-off. Review it (Vetted: Mark AI Block Reviewed, or the review panel) so a person has read what the assistant wrote.',
    level: 'warning',
  },
  {
    id: 'ai-block-modified',
    name: 'AiBlockModified',
    text: 'AI-generated block changed since it was tagged or reviewed',
    full: "The block's content hash no longer matches the one recorded at tagging or sign-off. Review it again: an earlier sign-off does not cover the new code.",
    level: 'warning',
  },
] as const;

function vettedProps(b: AiBlock): Record<string, unknown> {
  return {
    regionId: b.id,
    path: b.path,
    startLine: b.startLine,
    endLine: b.endLine,
    origin: b.origin,
    src: b.src,
    tool: b.tool,
    ...(b.model ? { model: b.model } : {}),
    conf: b.conf,
    ts: b.ts,
    status: b.status,
    reviewers: [...b.reviewers],
    ...(b.lastSignOff ? { lastSignOff: { by: b.lastSignOff.by, at: b.lastSignOff.at } } : {}),
    ...(b.tier ? { tier: b.tier } : {}),
    h: b.h,
    ...(b.actualHash ? { actualHash: b.actualHash } : {}),
  };
}

function uri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function toAiBomSarif(bom: AiBom, rules: readonly RuleMeta[], tool: { version: string }): Record<string, unknown> {
  // Rules and finding results as the scan writes them; then the block rules appended after the finding rules.
  const withFindings = bom.blocks.filter((b) => b.findings.length);
  const base = toSarif([], rules, tool) as { runs: Array<Record<string, unknown> & { tool: { driver: { rules: unknown[] } } }> };
  const run = base.runs[0];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const blockRuleIndex = new Map<string, number>(BLOCK_RULES.map((r, i) => [r.id, rules.length + i]));
  run.tool.driver.rules.push(
    ...BLOCK_RULES.map((r) => ({
      id: r.id,
      name: r.name,
      shortDescription: { text: r.text },
      fullDescription: { text: r.full },
      help: { text: r.full },
      defaultConfiguration: { level: r.level },
      properties: { tags: ['ai-provenance', 'review'] },
    })),
  );
  const results: Record<string, unknown>[] = [];
  for (const b of bom.blocks) {
    if (b.status === 'reviewed') continue;
    const ruleId = b.status === 'modified' ? 'ai-block-modified' : 'ai-block-unreviewed';
    const startLine = b.markerLines?.begin ?? b.startLine;
    const endLine = b.markerLines?.end ?? Math.max(b.startLine, b.endLine);
    results.push({
      ruleId,
      ruleIndex: blockRuleIndex.get(ruleId),
      level: 'warning',
      message: {
        text:
          b.status === 'modified'
            ? `AI block ${b.id} (${b.tool}${b.model ? `, ${b.model}` : ''}) changed since it was ${b.recordedStatus === 'reviewed' ? 'reviewed' : 'tagged'}; review it again.`
            : `AI block ${b.id} (${b.tool}${b.model ? `, ${b.model}` : ''}) has not been reviewed.`,
      },
      locations: [{ physicalLocation: { artifactLocation: { uri: uri(b.path) }, region: { startLine, endLine } } }],
      partialFingerprints: { 'vettedRegion/v1': b.id },
      properties: { vetted: vettedProps(b) },
    });
  }
  for (const b of withFindings) {
    for (const f of b.findings) {
      const r = findingResult(b.path, f, ruleIndex);
      results.push({ ...r, properties: { ...(r.properties as object), vetted: vettedProps(b) } });
    }
  }
  run.results = results;
  run.automationDetails = { id: `vetted-aibom/${bom.generatedAt}` };
  run.properties = { vetted: { generated: bom.generatedAt, root: bom.root, totals: bom.totals } };
  return base as unknown as Record<string, unknown>;
}

export function aiBomSarifText(bom: AiBom, rules: readonly RuleMeta[], tool: { version: string }): string {
  return JSON.stringify(toAiBomSarif(bom, rules, tool), null, 2) + '\n';
}
