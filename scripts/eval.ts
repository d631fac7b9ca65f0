// Detection quality on the labelled corpus (test/corpus/, format in its README.md).
// Usage: npm run eval [-- --json FILE] [-- --rule ID]
//   recall  = vulnerable labels the named rule reports on / vulnerable labels
//   FP rate = safe labels the named rule reports on / safe labels
// A label counts as reported when a finding of the named rule has a range covering the labelled line.
import { writeFileSync } from 'fs';
import * as path from 'path';
import { Engine, DEFAULT_ENGINE_OPTIONS } from '../src/core/engine';
import { Parsers } from '../src/core/parser';
import * as languages from '../src/core/languages';
import { languageFromPath } from '../src/core/languages';
import { nodeWasmSource } from '../src/cli/wasm';
import type { AnalysisResult, Finding } from '../src/core/types';
import { CORPUS_RULES, loadCorpus, type CorpusFile, type Label } from './corpus';

export const TARGET_RECALL = 0.9;
export const TARGET_FP_RATE = 0.05;

const ROOT = path.resolve(__dirname, '..', '..');
const CORPUS = path.join(ROOT, 'test', 'corpus');

interface Outcome {
  readonly file: CorpusFile;
  readonly label: Label;
  readonly language: string;
  /** reported | missed | not-implemented | not-analysed (the engine skipped the file) */
  readonly status: 'reported' | 'missed' | 'not-implemented' | 'not-analysed';
  readonly finding?: Finding;
}

interface Tally {
  vuln: number;
  found: number;
  safe: number;
  flagged: number;
  notAnalysed: number;
}

function ratio(n: number, d: number): number | null {
  return d ? n / d : null;
}
function fmt(x: number | null): string {
  return x === null ? '    -' : x.toFixed(3);
}

/** The language bucket of a file: a parsed language, or `text` for everything else (.env, YAML, JSON, ...). */
function bucket(rel: string): string {
  return languageFromPath(rel) ?? 'text';
}

async function analyse(engine: Engine, file: CorpusFile): Promise<AnalysisResult> {
  const language = languageFromPath(file.rel);
  // Engines that scan plain-text files (.env, YAML, Dockerfile) take `textKind` (from `textKindFromPath`, looked up
  // dynamically so this script also runs on branches without it) and `path`; others ignore both.
  const textKindFromPath = (languages as Record<string, unknown>).textKindFromPath as ((p: string) => string | undefined) | undefined;
  const textKind = language ? undefined : textKindFromPath?.(file.rel);
  const doc = { text: file.text, language, textKind, path: file.rel } as Parameters<Engine['analyze']>[0];
  try {
    return await engine.analyze(doc, DEFAULT_ENGINE_OPTIONS);
  } catch (e) {
    return { findings: [], parseErrors: 0, skipped: { kind: 'unsupported-language', detail: `engine threw: ${String(e)}` } };
  }
}

async function main() {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf('--json');
  const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  const ruleAt = args.indexOf('--rule');
  const onlyRule = ruleAt >= 0 ? args[ruleAt + 1] : undefined;

  const engine = new Engine(new Parsers(nodeWasmSource(__dirname)));
  const known = new Set(engine.rules.map((r) => r.id));
  const files = loadCorpus(CORPUS);
  const outcomes: Outcome[] = [];
  const problems: string[] = [];
  const skippedFiles: string[] = [];

  for (const file of files) {
    for (const p of file.problems) problems.push(`${file.rel}: ${p}`);
    const labels = file.labels.filter((l) => !onlyRule || l.rule === onlyRule);
    if (!labels.length) continue;
    const result = await analyse(engine, file);
    if (result.skipped) skippedFiles.push(`${file.rel}: ${result.skipped.kind} (${result.skipped.detail})`);
    if (result.parseErrors) problems.push(`${file.rel}: ${result.parseErrors} parse error(s)`);
    for (const f of result.findings) if (f.ruleId === 'internal-error') problems.push(`${file.rel}:${f.range.start.line + 1}: ${f.message}`);
    for (const label of labels) {
      const language = bucket(file.rel);
      if (!known.has(label.rule)) {
        outcomes.push({ file, label, language, status: 'not-implemented' });
        continue;
      }
      if (result.skipped) {
        outcomes.push({ file, label, language, status: 'not-analysed' });
        continue;
      }
      const finding = result.findings.find((f) => f.ruleId === label.rule && f.range.start.line <= label.line && label.line <= f.range.end.line);
      outcomes.push({ file, label, language, status: finding ? 'reported' : 'missed', finding });
    }
  }

  const rules = [...CORPUS_RULES.filter((r) => !onlyRule || r === onlyRule)];
  const languages = ['javascript', 'typescript', 'tsx', 'python', 'text'];
  const tally = (list: Outcome[]): Tally => {
    const t: Tally = { vuln: 0, found: 0, safe: 0, flagged: 0, notAnalysed: 0 };
    for (const o of list) {
      if (o.status === 'not-analysed') {
        t.notAnalysed++;
        continue;
      }
      if (o.label.kind === 'vuln') {
        t.vuln++;
        if (o.status === 'reported') t.found++;
      } else {
        t.safe++;
        if (o.status === 'reported') t.flagged++;
      }
    }
    return t;
  };
  const meets = (t: Tally) => (ratio(t.found, t.vuln) ?? 1) >= TARGET_RECALL && (ratio(t.flagged, t.safe) ?? 0) <= TARGET_FP_RATE;
  const row = (name: string, t: Tally, note = '') =>
    `${name.padEnd(40)} ${String(t.vuln).padStart(5)} ${String(t.found).padStart(6)} ${fmt(ratio(t.found, t.vuln)).padStart(6)} ${String(t.safe).padStart(5)} ${String(t.flagged).padStart(7)} ${fmt(ratio(t.flagged, t.safe)).padStart(7)}  ${note}`;
  const header = `${'rule'.padEnd(40)} ${'vuln'.padStart(5)} ${'found'.padStart(6)} ${'recall'.padStart(6)} ${'safe'.padStart(5)} ${'flagged'.padStart(7)} ${'FP rate'.padStart(7)}`;

  const implemented = outcomes.filter((o) => o.status !== 'not-implemented');
  const json: Record<string, unknown> = { corpus: path.relative(ROOT, CORPUS), files: files.length, labels: outcomes.length, targets: { recall: TARGET_RECALL, fpRate: TARGET_FP_RATE }, rules: {}, languages: {} };

  console.log(`Vetted detection quality on ${path.relative(ROOT, CORPUS)}: ${files.length} files, ${outcomes.length} labels (${outcomes.filter((o) => o.label.kind === 'vuln').length} vulnerable, ${outcomes.filter((o) => o.label.kind === 'safe').length} safe)`);
  console.log(`recall = reported vulnerable labels / vulnerable labels; FP rate = reported safe labels / safe labels; targets: recall >= ${TARGET_RECALL}, FP rate <= ${TARGET_FP_RATE}\n`);
  console.log('By rule (all languages)');
  console.log(header);
  for (const rule of rules) {
    const mine = outcomes.filter((o) => o.label.rule === rule);
    if (!mine.length) {
      console.log(`${rule.padEnd(40)}     (no labels)`);
      continue;
    }
    if (!known.has(rule)) {
      const v = mine.filter((o) => o.label.kind === 'vuln').length;
      console.log(`${rule.padEnd(40)} ${String(v).padStart(5)}      -      - ${String(mine.length - v).padStart(5)}       -       -  not implemented`);
      (json.rules as Record<string, unknown>)[rule] = { implemented: false, vuln: v, safe: mine.length - v };
      continue;
    }
    const t = tally(mine);
    const note = [meets(t) ? 'meets targets' : 'BELOW TARGET', t.notAnalysed ? `${t.notAnalysed} labels in files not analysed` : ''].filter(Boolean).join('; ');
    console.log(row(rule, t, note));
    const perLang: Record<string, Tally> = {};
    for (const lang of languages) {
      const lt = tally(mine.filter((o) => o.language === lang));
      if (lt.vuln + lt.safe + lt.notAnalysed) perLang[lang] = lt;
    }
    (json.rules as Record<string, unknown>)[rule] = { implemented: true, ...t, recall: ratio(t.found, t.vuln), fpRate: ratio(t.flagged, t.safe), meetsTargets: meets(t), languages: perLang };
  }
  const total = tally(implemented);
  console.log(row('TOTAL (implemented rules)', total));

  console.log('\nBy rule and language');
  console.log(header.replace('rule'.padEnd(40), 'rule / language'.padEnd(40)));
  for (const rule of rules) {
    if (!known.has(rule)) continue;
    for (const lang of languages) {
      const t = tally(outcomes.filter((o) => o.label.rule === rule && o.language === lang));
      if (t.vuln + t.safe + t.notAnalysed) console.log(row(`${rule} / ${lang}`, t, t.notAnalysed ? `${t.notAnalysed} not analysed` : ''));
    }
  }
  console.log('\nBy language (implemented rules)');
  console.log(header.replace('rule'.padEnd(40), 'language'.padEnd(40)));
  for (const lang of languages) {
    const t = tally(implemented.filter((o) => o.language === lang));
    if (t.vuln + t.safe + t.notAnalysed) {
      console.log(row(lang, t, t.notAnalysed ? `${t.notAnalysed} labels in files the engine did not analyse` : ''));
      (json.languages as Record<string, unknown>)[lang] = { ...t, recall: ratio(t.found, t.vuln), fpRate: ratio(t.flagged, t.safe) };
    }
  }

  const missing = rules.filter((r) => !known.has(r) && outcomes.some((o) => o.label.rule === r));
  if (missing.length) console.log(`\nNot implemented (labels not counted): ${missing.join(', ')}`);

  const snippet = (o: Outcome) => o.file.text.split('\n')[o.label.line].trim().slice(0, 110);
  const misses = outcomes.filter((o) => o.label.kind === 'vuln' && o.status === 'missed');
  const fps = outcomes.filter((o) => o.label.kind === 'safe' && o.status === 'reported');
  console.log(`\nMisses (${misses.length}): vulnerable labels the rule did not report`);
  for (const o of misses) console.log(`  ${o.label.rule.padEnd(26)} test/corpus/${o.file.rel}:${o.label.line + 1}  ${snippet(o)}`);
  console.log(`\nFalse positives (${fps.length}): safe labels the rule reported`);
  for (const o of fps) console.log(`  ${o.label.rule.padEnd(26)} test/corpus/${o.file.rel}:${o.label.line + 1}  ${snippet(o)}\n  ${''.padEnd(26)}   -> ${o.finding?.message.slice(0, 140)}`);
  if (skippedFiles.length) {
    console.log(`\nFiles the engine did not analyse (${skippedFiles.length}); their labels are listed as "not analysed", not counted:`);
    for (const s of skippedFiles) console.log(`  ${s}`);
  }
  if (problems.length) {
    console.log(`\nCorpus or engine problems (${problems.length}):`);
    for (const p of problems) console.log(`  ${p}`);
  }

  const met = meets(total);
  const below = rules.filter((r) => known.has(r) && (json.rules as Record<string, { meetsTargets?: boolean }>)[r]?.meetsTargets === false);
  console.log(`\nOverall: recall ${fmt(ratio(total.found, total.vuln))} (target >= ${TARGET_RECALL}), FP rate ${fmt(ratio(total.flagged, total.safe))} (target <= ${TARGET_FP_RATE}): ${met ? 'targets MET' : 'targets NOT met'}`);
  console.log(`Rules below target: ${below.length ? below.join(', ') : 'none'}`);
  Object.assign(json, {
    total: { ...total, recall: ratio(total.found, total.vuln), fpRate: ratio(total.flagged, total.safe), meetsTargets: met },
    notImplemented: missing,
    rulesBelowTarget: below,
    misses: misses.map((o) => ({ rule: o.label.rule, file: `test/corpus/${o.file.rel}`, line: o.label.line + 1, code: snippet(o) })),
    falsePositives: fps.map((o) => ({ rule: o.label.rule, file: `test/corpus/${o.file.rel}`, line: o.label.line + 1, code: snippet(o), message: o.finding?.message })),
    notAnalysed: skippedFiles,
    problems,
  });
  if (jsonFile) {
    writeFileSync(jsonFile, JSON.stringify(json, null, 2) + '\n');
    console.log(`Figures written to ${jsonFile}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
