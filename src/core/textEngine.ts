import type { EngineOptions } from './engine';
import { normalisedHash } from './hash';
import { textCommentPrefixes, type TextKind } from './languages';
import type { Rule } from './rules/api';
import { scanTextSecrets } from './rules/secretsText';
import { applySuppressions, findSuppressions } from './suppress';
import type { AnalysisResult, Finding } from './types';

/** The rule whose text-file scanner runs on documents Vetted does not parse. */
const TEXT_RULE = 'hardcoded-secret';

/**
 * Analysis of a text document (not a parsed language): the secret scanner, then rule levels and `vetted-ignore`
 * comments as for code. The caller has already run the size / binary / minified precheck.
 */
export function analyzeText(text: string, kind: TextKind, path: string | undefined, options: EngineOptions, rules: readonly Rule[]): AnalysisResult {
  const rule = rules.find((r) => r.id === TEXT_RULE);
  const level = options.rules[TEXT_RULE];
  const findings: Finding[] = [];
  if (rule && level !== 'off') {
    const seen = new Map<string, number>();
    let raw: ReturnType<typeof scanTextSecrets> = [];
    try {
      raw = scanTextSecrets(text, { kind, path });
    } catch (e) {
      // bad input never throws out of the engine
      findings.push({ ruleId: 'internal-error', cwe: [], severity: 'low', confidence: 'low', message: `Vetted's text scanner failed on this file (${e instanceof Error ? e.message : String(e)}). Please report it.`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, fixes: [], fingerprint: `internal-error:${TEXT_RULE}:text` });
    }
    for (const s of raw) {
      const base = `${rule.id}:${normalisedHash(s.fingerprintText)}`;
      const occurrence = seen.get(base) ?? 0;
      seen.set(base, occurrence + 1);
      findings.push({
        ruleId: rule.id,
        cwe: rule.cwe,
        severity: level ?? s.severity,
        confidence: s.confidence,
        message: s.message,
        range: s.range,
        fixes: s.fixes,
        fingerprint: `${base}:${occurrence}`,
      });
    }
  }
  const { suppressions, problems } = findSuppressions(text, textCommentPrefixes(kind));
  const known = new Set(rules.map((r) => r.id));
  const off = new Set(Object.keys(options.rules).filter((id) => options.rules[id] === 'off'));
  const applied = applySuppressions(findings, suppressions, known, off);
  const result = [...applied.kept, ...problems, ...applied.problems];
  result.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  return { findings: result, parseErrors: 0, language: kind, suppressed: applied.suppressed };
}
