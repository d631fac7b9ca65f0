import { RULE_DOCS_BASE } from '../rules/index';
import type { RuleMeta } from '../rules/api';
import type { Finding, Severity } from '../types';

export interface FileResult {
  /** Path relative to the scan root, POSIX separators. */
  readonly path: string;
  readonly findings: readonly Finding[];
  /** Findings hidden by `vetted-ignore` comments, with their reasons. */
  readonly suppressed?: ReadonlyArray<{ readonly finding: Finding; readonly reason: string }>;
  /** Findings dismissed in `.vetted/ignore.json`, with the reason and who dismissed them. */
  readonly dismissed?: ReadonlyArray<{ readonly finding: Finding; readonly reason: string; readonly by: string; readonly at: string }>;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/** GitHub code scanning reads `security-severity` (0–10) to rank security alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

/** SARIF 2.1.0 log accepted by GitHub code scanning: rules with help text, CWE tags and partial fingerprints. */
export function toSarif(files: readonly FileResult[], rules: readonly RuleMeta[], tool: { version: string }): object {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Vetted',
            informationUri: 'https://github.com/vetted-dev/vetted',
            semanticVersion: tool.version,
            version: tool.version,
            rules: rules.map((r) => ({
              id: r.id,
              name: toPascal(r.id),
              shortDescription: { text: r.title },
              fullDescription: { text: r.summary },
              help: { text: stripMarkdown(r.help), markdown: r.help },
              helpUri: `${RULE_DOCS_BASE}${r.id}.md`,
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: {
                tags: ['security', ...r.cwe.map((c) => `external/cwe/${c.toLowerCase()}`)],
                precision: r.confidence === 'high' ? 'high' : r.confidence === 'medium' ? 'medium' : 'low',
                'security-severity': SECURITY_SEVERITY[r.severity],
              },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: files.flatMap((f) => [
          ...f.findings.map((x) => result(f.path, x, ruleIndex)),
          // suppressed findings stay in the log, marked, so code scanning shows them as dismissed in source
          ...(f.suppressed ?? []).map((s) => ({ ...result(f.path, s.finding, ruleIndex), suppressions: [{ kind: 'inSource', justification: s.reason }] })),
          // dismissed centrally in .vetted/ignore.json
          ...(f.dismissed ?? []).map((d) => ({ ...result(f.path, d.finding, ruleIndex), suppressions: [{ kind: 'external', justification: d.reason, properties: { by: d.by, at: d.at, source: '.vetted/ignore.json' } }] })),
        ]),
      },
    ],
  };
}

/** One SARIF result for a finding (exported for the AI-BOM's SARIF, aibomSarif.ts). */
export function result(path: string, x: Finding, ruleIndex: ReadonlyMap<string, number>): Record<string, unknown> {
  return {
    ruleId: x.ruleId,
    ...(ruleIndex.has(x.ruleId) ? { ruleIndex: ruleIndex.get(x.ruleId) } : {}),
    level: LEVEL[x.severity],
    message: { text: x.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: path.split('/').map(encodeURIComponent).join('/') },
          region: {
            startLine: x.range.start.line + 1,
            startColumn: x.range.start.character + 1,
            endLine: x.range.end.line + 1,
            endColumn: x.range.end.character + 1,
          },
        },
      },
    ],
    partialFingerprints: { 'vettedFingerprint/v1': x.fingerprint },
    properties: { confidence: x.confidence, severity: x.severity, cwe: x.cwe },
  };
}

function toPascal(id: string): string {
  return id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
}

function stripMarkdown(md: string): string {
  return md.replace(/\*\*/g, '').replace(/`{3}\w*\n?/g, '').replace(/`/g, '');
}
