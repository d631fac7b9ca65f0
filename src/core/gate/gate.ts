/**
 * The commit gate (issue 5): given the staged files (index blobs, never the working tree), the staged ledger, the
 * policy and a findings function, decides whether a commit may go ahead and says exactly how to resolve each block.
 * Pure: no fs, no git; the CLI (`vetted precommit`) and the editor (stagedVerdict) feed it.
 */
import { confidenceRank, changedSpans, type LineSpan } from '../focus';
import { IgnoreMatcher, type IgnoreFile } from '../ignoreFile';
import { ALL_COMMENT_STYLES, scanStylesFor } from '../provenance/comments';
import { scanMarkers } from '../provenance/format';
import { fromRecord, LEDGER_PATH, parseLedger, posixPath, type LedgerEntry, type LedgerRecord, type Review } from '../provenance/ledger';
import { reanchor } from '../provenance/tracker';
import type { CommentStyle, MarkerProblem, RegionMeta } from '../provenance/types';
import { tierFor, type Policy, type TierPolicy } from '../policy/model';
import { atLeast, type Finding, type SkipReason } from '../types';
import type { GateDismissal, GateItem, GateSkip, GateVerdict } from './types';

export type StagedStatus = 'A' | 'M' | 'R' | 'C' | 'D' | 'T';

export interface StagedFile {
  /** POSIX path relative to the repository root (the new path of a rename or copy). */
  readonly path: string;
  readonly status: StagedStatus;
  readonly oldPath?: string;
  /** The staged (index) content; undefined for deleted, binary or too-large files. */
  readonly text?: string;
  readonly binary?: boolean;
  readonly tooLarge?: boolean;
  /** The file's text at HEAD (at `oldPath` for renames), for the `changed` findings scope; undefined when new. */
  readonly baseText?: string;
}

export type AnalyseResult = readonly Finding[] | { readonly findings: readonly Finding[]; readonly skipped?: SkipReason };

export interface GateInput {
  readonly files: readonly StagedFile[];
  /**
   * The ledger as it will be committed: the staged `.vetted/provenance.jsonl` (which is HEAD's when it is not
   * staged). undefined = no ledger.
   */
  readonly ledgerText?: string;
  /** The ledger's working copy, only to tell the user about sign-offs that are not staged. */
  readonly workingLedgerText?: string;
  readonly policy: Policy;
  /** Problems loading the policy (loadGatePolicy); shown as non-blocking items. */
  readonly policyProblems?: readonly string[];
  /** Where the policy came from, for tier reasons ("defaults", ".vetted/policy.json"). */
  readonly policySource?: string;
  /** Findings for a file's staged text (the CLI passes the engine). Omitted: findings are not checked. */
  readonly analyse?: (path: string, text: string) => AnalyseResult | Promise<AnalyseResult>;
  /** Parsed `.vetted/ignore.json` (staged version). */
  readonly ignore?: IgnoreFile;
  /** Problems reading `.vetted/ignore.json` (non-blocking items). */
  readonly ignoreProblems?: readonly string[];
  /**
   * Which findings can block: `changed` (default) = findings in AI blocks plus findings on lines this commit adds or
   * changes (against `baseText`); `ai-blocks` = only in AI blocks; `all` = anywhere in the staged files.
   */
  readonly findingsScope?: 'changed' | 'ai-blocks' | 'all';
  /** Clock for ignore-entry expiry. */
  readonly now?: Date;
}

// ---------------------------------------------------------------------------------------------------------------
// Languages by path (the CLI has no VS Code language ids).

const BY_EXT: Readonly<Record<string, string>> = {
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascriptreact', ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescriptreact',
  py: 'python', pyw: 'python', go: 'go', rs: 'rust', java: 'java', cs: 'csharp', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp',
  m: 'objective-c', mm: 'objective-cpp', swift: 'swift', kt: 'kotlin', kts: 'kotlin', scala: 'scala', groovy: 'groovy', gradle: 'groovy', dart: 'dart', php: 'php',
  scss: 'scss', less: 'less', css: 'css', fs: 'fsharp', fsx: 'fsharp', zig: 'zig', proto: 'proto', prisma: 'prisma', sol: 'solidity', jsonnet: 'jsonnet',
  sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', ksh: 'shellscript', rb: 'ruby', pl: 'perl', pm: 'perl', r: 'r', jl: 'julia', ex: 'elixir', exs: 'elixir',
  nim: 'nim', cr: 'crystal', coffee: 'coffeescript', ps1: 'powershell', psm1: 'powershell', yml: 'yaml', yaml: 'yaml', toml: 'toml', dockerfile: 'dockerfile',
  containerfile: 'dockerfile', mk: 'makefile', cmake: 'cmake', tf: 'terraform', tfvars: 'terraform', hcl: 'hcl', nix: 'nix', graphql: 'graphql', gql: 'graphql',
  properties: 'properties', env: 'dotenv', sql: 'sql', lua: 'lua', hs: 'haskell', elm: 'elm', purs: 'purescript', adb: 'ada', ads: 'ada', vhd: 'vhdl', vhdl: 'vhdl',
  ini: 'ini', cfg: 'ini', conf: 'ini', clj: 'clojure', cljs: 'clojure', scm: 'scheme', lisp: 'lisp', el: 'lisp', erl: 'erlang', tex: 'latex', bib: 'bibtex',
  vb: 'vb', bat: 'bat', cmd: 'bat', ml: 'ocaml', mli: 'ocaml', html: 'html', htm: 'html', xml: 'xml', xsl: 'xsl', svg: 'svg', md: 'markdown', markdown: 'markdown',
  cshtml: 'razor', vue: 'vue', svelte: 'svelte', hbs: 'handlebars', twig: 'twig', pug: 'pug', jade: 'jade', adoc: 'asciidoc', rst: 'restructuredtext',
  json: 'json', jsonc: 'jsonc', jsonl: 'jsonl', json5: 'json5', txt: 'plaintext', log: 'log', csv: 'csv', tsv: 'tsv', diff: 'diff', patch: 'diff',
};

const BY_NAME: Readonly<Record<string, string>> = {
  dockerfile: 'dockerfile', containerfile: 'dockerfile', makefile: 'makefile', gnumakefile: 'makefile', 'cmakelists.txt': 'cmake', gemfile: 'ruby', rakefile: 'ruby',
  '.env': 'dotenv', '.bashrc': 'shellscript', '.zshrc': 'shellscript', '.profile': 'shellscript', '.gitignore': 'ignore', '.dockerignore': 'ignore', '.npmrc': 'properties',
};

/** The VS Code language id the file's name suggests, or undefined when it does not say. */
export function languageIdForPath(path: string): string | undefined {
  const name = (posixPath(path).split('/').pop() ?? '').toLowerCase();
  if (BY_NAME[name]) return BY_NAME[name];
  if (/^\.env(\.|$)/.test(name)) return 'dotenv';
  if (/^(docker|container)file\./.test(name)) return 'dockerfile';
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(posixPath(path))) return 'github-actions-workflow';
  const ext = /\.([a-z0-9]+)$/.exec(name)?.[1];
  return ext ? BY_EXT[ext] : undefined;
}

/**
 * The comment styles markers are read with in this file, or `null` when the file cannot hold comments (JSON):
 * its regions live in the ledger only. Unknown languages accept every known style.
 */
export function markerStylesForPath(path: string): readonly CommentStyle[] | null {
  const lang = languageIdForPath(path);
  if (lang === undefined) return ALL_COMMENT_STYLES;
  const styles = scanStylesFor(lang);
  return styles.length ? styles : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Reviews from the ledger.

interface RegionReviews {
  readonly entry?: LedgerEntry;
  /** Every review event of the region across its history, oldest first, deduplicated. */
  readonly reviews: Review[];
}

function indexLedger(records: readonly LedgerRecord[]): Map<string, { latest: LedgerEntry; reviews: Review[] }> {
  const out = new Map<string, { latest: LedgerEntry; reviews: Review[]; seen: Set<string> }>();
  for (const r of records) {
    const v = r.metadata.vetted;
    const latest = fromRecord(r);
    let slot = out.get(v.id);
    if (!slot) out.set(v.id, (slot = { latest, reviews: [], seen: new Set() }));
    slot.latest = latest;
    for (const rv of v.reviews ?? []) {
      const key = JSON.stringify([rv.status, rv.by ?? '', rv.at, rv.h ?? '']);
      if (slot.seen.has(key)) continue;
      slot.seen.add(key);
      slot.reviews.push(rv);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Resolve texts (only commands that exist are named).

const REVIEW_HOW = 'in VS Code run "Vetted: Open Review Panel", answer the block\'s checklist and sign it off (in a tier with no required questions "Vetted: Mark AI Block Reviewed" with the cursor in the block is enough)';

function stageHint(file: string): string {
  return `then stage the result: git add ${quoteArg(file)} ${LEDGER_PATH}`;
}

function quoteArg(p: string): string {
  return /^[\w./@+-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

// ---------------------------------------------------------------------------------------------------------------
// The gate.

export interface Block {
  readonly meta: RegionMeta;
  /** 0-based line of the begin marker (of the block's first line for ledger-only regions). */
  readonly line: number;
  readonly span: LineSpan;
  readonly actualHash: string | undefined;
  readonly marked: boolean;
}

/** The ledger indexed by region id: latest snapshot and every review event of its history. */
export type LedgerIndex = ReadonlyMap<string, { readonly latest: LedgerEntry; readonly reviews: readonly Review[] }>;

export function ledgerIndex(ledgerText: string | undefined): LedgerIndex {
  return indexLedger(parseLedger(ledgerText ?? '').records);
}

/**
 * The AI blocks of one file's text: marked regions (read with the file's comment styles) plus ledger-only regions
 * (files that cannot hold comments, ledger-only mode), re-found by their hash; a ledger region whose code no longer
 * matches comes back with `actualHash` undefined at its recorded lines. Sorted by line.
 */
export function aiBlocksIn(file: string, text: string, ledger: LedgerIndex): { blocks: Block[]; problems: MarkerProblem[] } {
  const styles = markerStylesForPath(file);
  const blocks: Block[] = [];
  const problems: MarkerProblem[] = [];
  if (styles) {
    const scan = scanMarkers(text, styles);
    for (const r of scan.regions) blocks.push({ meta: r.meta, line: r.beginLine, span: { start: r.beginLine, end: r.endLine }, actualHash: r.actualHash, marked: true });
    problems.push(...scan.problems);
  }
  const markedIds = new Set(blocks.map((b) => b.meta.id));
  const ledgerOnly = [...ledger.values()].map((s) => s.latest).filter((e) => !e.removed && posixPath(e.path) === file && !markedIds.has(e.meta.id) && (styles === null || e.markers === false));
  if (ledgerOnly.length) {
    const found = reanchor(text, ledgerOnly.map((e) => ({ meta: e.meta, startLine: e.startLine, endLine: e.endLine })));
    const lineOf = lineIndex(text);
    for (const r of found.regions) {
      const start = lineOf(r.start);
      const end = Math.max(start, lineOf(Math.max(r.start, r.end - 1)));
      blocks.push({ meta: r.meta, line: start, span: { start, end }, actualHash: r.meta.h, marked: false });
    }
    for (const o of found.orphans) {
      const e = ledgerOnly.find((x) => x.meta.id === o.id)!;
      blocks.push({ meta: e.meta, line: e.startLine, span: { start: e.startLine, end: e.endLine }, actualHash: undefined, marked: false });
    }
  }
  blocks.sort((a, b) => a.line - b.line);
  return { blocks, problems };
}

/** Evaluates the gate. Never throws for bad input (a failing findings function is reported as an item). */
export async function evaluateGate(input: GateInput): Promise<GateVerdict> {
  const items: GateItem[] = [];
  const skipped: GateSkip[] = [];
  const dismissed: GateDismissal[] = [];
  const scope = input.findingsScope ?? 'changed';
  const source = input.policySource ?? 'defaults';
  for (const p of input.policyProblems ?? []) {
    items.push({ kind: 'policy-problem', file: '.vetted/policy.json', line: 1, message: p, resolve: 'Fix .vetted/policy.json (VS Code shows its problems when you open it) and stage it: git add .vetted/policy.json', blocking: false });
  }
  for (const p of input.ignoreProblems ?? []) {
    items.push({ kind: 'policy-problem', file: '.vetted/ignore.json', line: 1, message: p, resolve: 'Fix .vetted/ignore.json and stage it: git add .vetted/ignore.json', blocking: false });
  }
  const ledger = parseLedger(input.ledgerText ?? '');
  const byId: LedgerIndex = indexLedger(ledger.records);
  const matcher = new IgnoreMatcher(input.ignore ?? { version: 1, ignores: [] }, input.now ?? new Date());
  let checkedFiles = 0;
  let aiBlocks = 0;
  const stagedIds = new Set<string>();

  for (const f of input.files) {
    const file = posixPath(f.path);
    if (f.status === 'D') continue;
    if (f.binary) {
      skipped.push({ file, reason: 'binary file (not checked)' });
      continue;
    }
    if (f.tooLarge || f.text === undefined) {
      skipped.push({ file, reason: f.tooLarge ? 'too large to check' : 'content not available' });
      continue;
    }
    checkedFiles++;
    const text = f.text;
    const resolution = tierFor(input.policy, file, source);
    const tier = resolution.tier;
    const tierReason = resolution.reason;
    const needsReview = tier.blockUnreviewed;
    const { blocks, problems } = aiBlocksIn(file, text, byId);
    for (const p of problems) {
      items.push({
        kind: 'broken-marker',
        file,
        line: p.line + 1,
        message: `${p.message} Its review state cannot be known.`,
        resolve: `Repair the marker at ${file}:${p.line + 1} (in VS Code hover it for the quick fix, or restore the matching begin/end line), then stage it: git add ${quoteArg(file)}`,
        blocking: needsReview || !tier.allowAi,
        tier: tier.name,
        ...(p.id ? { regionId: p.id } : {}),
      });
    }
    aiBlocks += blocks.length;

    for (const b of blocks) {
      stagedIds.add(b.meta.id);
      const at = `${file}:${b.line + 1}`;
      const common = { file, line: b.line + 1, tier: tier.name, regionId: b.meta.id };
      const what = `AI block ${b.meta.id} (${b.meta.tool}${b.meta.model ? `:${b.meta.model}` : ''}, ${b.meta.src})`;
      if (!tier.allowAi) {
        items.push({
          ...common,
          kind: 'ai-not-allowed',
          message: `${what}: the ${tier.name} tier does not allow AI-generated code (${tierReason}).`,
          resolve: `Rewrite the code at ${at} yourself and remove its tag ("Vetted: Remove AI Tag" in VS Code), or ask whoever owns .vetted/policy.json to allow AI code in the ${tier.name} tier.`,
          blocking: true,
        });
      }
      if (needsReview) {
        const state = reviewState(b, byId.get(b.meta.id)?.reviews ?? [], tier);
        if (state.kind !== 'ok') {
          items.push({ ...common, kind: state.kind, message: `${what}: ${state.message}`, resolve: state.resolve(at, file), blocking: true });
        }
      }
    }

    // Findings.
    if (!input.analyse) continue;
    if (tier.blockSeverity === 'off') continue;
    let result: AnalyseResult;
    try {
      result = await input.analyse(file, text);
    } catch (e) {
      items.push({ kind: 'finding', file, line: 1, message: `Vetted could not analyse this file (${e instanceof Error ? e.message : String(e)}).`, resolve: `Run \`vetted scan ${quoteArg(file)}\` to see the error; set VETTED_DEBUG=1 for details.`, blocking: false, tier: tier.name });
      continue;
    }
    const findings = Array.isArray(result) ? (result as readonly Finding[]) : (result as { findings: readonly Finding[] }).findings;
    const skip = Array.isArray(result) ? undefined : (result as { skipped?: SkipReason }).skipped;
    if (skip) skipped.push({ file, reason: `findings not checked: ${skip.detail}` });
    const spans: LineSpan[] = blocks.map((b) => b.span);
    if (scope === 'changed') spans.push(...changedSpans(f.status === 'A' || f.status === 'C' ? undefined : f.baseText, text));
    const threshold = tier.blockSeverity;
    for (const x of findings) {
      if (!atLeast(x.severity, threshold) || confidenceRank(x.confidence) < confidenceRank(tier.blockConfidence)) continue;
      const l = x.range.start.line;
      if (scope !== 'all' && !spans.some((s) => l <= s.end && x.range.end.line >= s.start)) continue;
      const entry = matcher.match(file, x);
      if (entry) {
        dismissed.push({ file, line: l + 1, ruleId: x.ruleId, fingerprint: x.fingerprint, reason: entry.reason, by: entry.by });
        continue;
      }
      const at = `${file}:${l + 1}:${x.range.start.character + 1}`;
      const inBlock = blocks.some((b) => l >= b.span.start && l <= b.span.end);
      items.push({
        kind: 'finding',
        file,
        line: l + 1,
        message: `${x.severity} ${x.ruleId}${inBlock ? ' (in an AI block)' : ''}: ${x.message}`,
        resolve: `Fix it at ${at} (in VS Code, Ctrl+. on the problem offers the fix). If it is a false alarm: add \`vetted-ignore ${x.ruleId} -- <reason>\` on the line above, or dismiss it centrally ("Dismiss in .vetted/ignore.json…" quick fix; fingerprint ${x.fingerprint}) and stage .vetted/ignore.json.`,
        blocking: true,
        tier: tier.name,
        ruleId: x.ruleId,
        fingerprint: x.fingerprint,
      });
    }
  }

  // Sign-offs in the working copy of the ledger that are not staged.
  if (input.workingLedgerText !== undefined && input.workingLedgerText !== (input.ledgerText ?? '')) {
    const working = indexLedger(parseLedger(input.workingLedgerText).records);
    const unstaged: string[] = [];
    for (const id of stagedIds) {
      const w = working.get(id)?.reviews ?? [];
      const s = new Set((byId.get(id)?.reviews ?? []).map((r) => JSON.stringify([r.status, r.by ?? '', r.at, r.h ?? ''])));
      if (w.some((r) => r.status === 'reviewed' && !s.has(JSON.stringify([r.status, r.by ?? '', r.at, r.h ?? ''])))) unstaged.push(id);
    }
    if (unstaged.length) {
      items.push({
        kind: 'unstaged-sign-off',
        file: LEDGER_PATH,
        line: 1,
        message: `${LEDGER_PATH} has sign-offs in your working copy that are not staged (block${unstaged.length === 1 ? '' : 's'} ${unstaged.join(', ')}); the gate only counts staged sign-offs.`,
        resolve: `Stage them: git add ${LEDGER_PATH}`,
        blocking: false,
      });
    }
  }

  const blocking = items.filter((i) => i.blocking);
  const status = blocking.length ? 'block' : 'pass';
  const counts = new Map<string, number>();
  for (const i of blocking) counts.set(i.kind, (counts.get(i.kind) ?? 0) + 1);
  const parts = [...counts].map(([k, n]) => `${n} ${k}`);
  const summary =
    status === 'pass'
      ? `Vetted gate: pass (${checkedFiles} staged file${checkedFiles === 1 ? '' : 's'} checked, ${aiBlocks} AI block${aiBlocks === 1 ? '' : 's'}${skipped.length ? `, ${skipped.length} skipped` : ''}${dismissed.length ? `, ${dismissed.length} dismissed` : ''})`
      : `Vetted gate: commit blocked by ${blocking.length} item${blocking.length === 1 ? '' : 's'} (${parts.join(', ')}) in ${checkedFiles} staged file${checkedFiles === 1 ? '' : 's'}`;
  return { status, items, checkedFiles, aiBlocks, summary, skipped, dismissed, findingsScope: scope };
}

/**
 * Sign-offs of a block's current content: per reviewer, their latest review event for the current hash, counted
 * when it is "reviewed"; the marker's reviewer counts too when the marker says reviewed for the current hash.
 */
export function signOffs(b: Pick<Block, 'meta' | 'actualHash'>, reviews: readonly Review[]): { counting: Review[]; reviewers: Set<string> } {
  const current = b.actualHash;
  const last = new Map<string, Review>();
  for (const r of reviews) if (r.h === current && r.by) last.set(r.by, r);
  const counting = [...last.values()].filter((r) => r.status === 'reviewed');
  const reviewers = new Set(counting.map((r) => r.by!));
  const m = b.meta;
  if (current !== undefined && m.h === current && m.status === 'reviewed' && m.reviewer && last.get(m.reviewer)?.status !== 'unreviewed') reviewers.add(m.reviewer);
  return { counting, reviewers };
}

export type ReviewState = { kind: 'ok' } | { kind: 'unreviewed' | 'modified' | 'incomplete-review'; message: string; resolve: (at: string, file: string) => string };

export function reviewState(b: Block, reviews: readonly Review[], tier: TierPolicy): ReviewState {
  const m = b.meta;
  const current = b.actualHash;
  const everReviewed = m.status === 'reviewed' || m.status === 'modified' || reviews.some((r) => r.status === 'reviewed');
  const changed = current === undefined || current !== m.h;
  if (changed || m.status === 'modified') {
    if (everReviewed) {
      const who = m.reviewer ?? [...reviews].reverse().find((r) => r.status === 'reviewed')?.by;
      return {
        kind: 'modified',
        message: `changed since it was reviewed${who ? ` by ${who}` : ''} (content hash ${current ?? 'not found'} ≠ reviewed ${m.h}); the ${tier.name} tier needs a review of the current code.`,
        resolve: (at, file) => `Re-review the block at ${at}: ${REVIEW_HOW}; ${stageHint(file)}.`,
      };
    }
  }
  if (m.status !== 'reviewed') {
    return {
      kind: 'unreviewed',
      message: `not reviewed; the ${tier.name} tier needs a review before commit.`,
      resolve: (at, file) => `Review the block at ${at}: ${REVIEW_HOW}; ${stageHint(file)}. (Reviewed already? Stage the file with the updated marker.)`,
    };
  }
  const { counting, reviewers } = signOffs(b, reviews);
  const problems: string[] = [];
  if (reviewers.size < tier.reviewers) problems.push(`needs ${tier.reviewers} distinct reviewers, has ${reviewers.size}${reviewers.size ? ` (${[...reviewers].join(', ')})` : ''}`);
  const missing: string[] = [];
  const saidNo: string[] = [];
  for (const q of tier.questions) {
    const answers = counting.map((r) => r.answers?.[q]);
    if (answers.includes('no')) saidNo.push(q);
    else if (!answers.some((a) => a === 'yes' || a === 'n/a')) missing.push(q);
  }
  if (missing.length) problems.push(`required question${missing.length === 1 ? '' : 's'} not answered: ${missing.join(', ')}`);
  if (saidNo.length) problems.push(`answered "no": ${saidNo.join(', ')}`);
  if (!problems.length) return { kind: 'ok' };
  return {
    kind: 'incomplete-review',
    message: `signed off, but the ${tier.name} tier's review is incomplete: ${problems.join('; ')}.`,
    resolve: (at, file) =>
      `${reviewers.size < tier.reviewers ? `Ask ${tier.reviewers - reviewers.size} more reviewer${tier.reviewers - reviewers.size === 1 ? '' : 's'} to sign off the block at ${at}` : `Complete the sign-off of the block at ${at}`}${missing.length || saidNo.length ? ` and answer the checklist (${[...missing, ...saidNo].join(', ')}) with yes or n/a in the Vetted review panel` : ''}; ${stageHint(file)}.`,
  };
}

function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}

/** Exit code for a verdict: 0 pass, 1 block, 2 error. */
export function exitCodeFor(verdict: Pick<GateVerdict, 'status'>): 0 | 1 | 2 {
  return verdict.status === 'pass' ? 0 : verdict.status === 'block' ? 1 : 2;
}

/** Human-readable report of a verdict (the CLI's text output). */
export function formatVerdict(v: GateVerdict): string {
  const out: string[] = [v.summary];
  const blocking = v.items.filter((i) => i.blocking);
  const notes = v.items.filter((i) => !i.blocking);
  if (blocking.length) out.push('', 'Blocking:');
  for (const i of blocking) out.push(`  ${i.file}:${i.line}  ${i.kind}${i.tier ? ` [${i.tier}]` : ''}  ${i.message}`, `      → ${i.resolve}`);
  if (notes.length) out.push('', 'Notes (not blocking):');
  for (const i of notes) out.push(`  ${i.file}:${i.line}  ${i.kind}  ${i.message}`, `      → ${i.resolve}`);
  if (v.dismissed.length) out.push('', `Dismissed by .vetted/ignore.json (${v.dismissed.length}):`);
  for (const d of v.dismissed) out.push(`  ${d.file}:${d.line}  ${d.ruleId}  (reason: ${d.reason}; by ${d.by})`);
  if (v.skipped.length) out.push('', `Skipped (${v.skipped.length}):`);
  for (const s of v.skipped) out.push(`  ${s.file}: ${s.reason}`);
  out.push('', `Findings checked: ${v.findingsScope === 'changed' ? 'in AI blocks and on lines this commit adds or changes' : v.findingsScope === 'ai-blocks' ? 'in AI blocks only' : 'everywhere in the staged files'}.`);
  if (v.status === 'block') out.push('To commit anyway (not recommended, and visible in review): git commit --no-verify');
  return out.join('\n') + '\n';
}
