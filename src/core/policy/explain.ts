/**
 * "Vetted: Show Effective Policy": for one file, which tier applies and why, every field of that tier with its value
 * and source, the locks, the trust state and the problems. Markdown (reads as plain text too).
 */
import { normalisePath } from './model';
import { sourceLabel, type PolicyResolution } from './resolve';

const FIELDS = ['allowAi', 'reviewers', 'questions', 'blockSeverity', 'blockConfidence', 'blockUnreviewed', 'globs', 'rank'] as const;

const code = (v: unknown) => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``;
const escapeCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function explainPolicy(resolution: PolicyResolution, relPath: string, opts: { folder?: string } = {}): string {
  const p = normalisePath(relPath);
  const tr = resolution.tierFor(p);
  const tier = tr.tier;
  const out: string[] = [];
  out.push(`# Vetted: effective policy for \`${p || '.'}\``, '');
  if (opts.folder) out.push(`Workspace folder: \`${opts.folder}\``, '');
  out.push(`**Tier: ${tier.name}**`, '');
  out.push(`Why: ${tr.reason}.`, '');
  out.push(
    resolution.trusted
      ? 'Workspace trust: **trusted**. Precedence: built-in defaults < user settings < workspace settings < folder settings < `.vetted/policy.json`.'
      : 'Workspace trust: **untrusted (Restricted Mode)**. Workspace settings, folder settings and `.vetted/policy.json` may only make the policy stricter than the defaults plus your user settings; weaker values are ignored.',
    '',
  );
  if (resolution.invalidFile) out.push(`> **Warning:** ${resolution.invalidFile.message}`, '');

  out.push(`## Tier ${tier.name}`, '', '| Field | Value | Source |', '|---|---|---|');
  for (const f of FIELDS) {
    const value = f === 'questions' ? tier.questions : f === 'globs' ? tier.globs : tier[f];
    out.push(`| ${f} | ${escapeCell(code(value))} | ${escapeCell(resolution.origin(`tiers.${tier.name}.${f}`).detail)} |`);
  }
  out.push('');
  if (tier.questions.length) {
    out.push('### Required checklist questions', '');
    for (const id of tier.questions) {
      const q = resolution.policy.questions[id];
      out.push(`- **${id}**: ${q?.text ?? id}${q?.hint ? ` _(${q.hint})_` : ''}`);
    }
    out.push('');
  } else out.push('No checklist questions are required in this tier.', '');

  out.push('## What blocks a commit here', '');
  if (!tier.allowAi) out.push('- Any AI-tagged block (AI code is not allowed in this tier).');
  if (tier.blockUnreviewed) out.push(`- An AI block that is unreviewed or modified since its review${tier.reviewers > 1 ? ` (needs ${tier.reviewers} distinct reviewers)` : tier.reviewers === 1 ? ' (needs 1 reviewer)' : ''}.`);
  if (tier.blockSeverity !== 'off') out.push(`- A finding of severity ${tier.blockSeverity} or above, with confidence ${tier.blockConfidence} or above.`);
  if (tier.allowAi && !tier.blockUnreviewed && tier.blockSeverity === 'off') out.push('- Nothing: this tier never blocks a commit.');
  out.push('');

  out.push('## All tiers', '', '| Tier | Rank | Globs | Source of globs |', '|---|---|---|---|');
  for (const t of resolution.policy.tiers) {
    const globs = t.globs.length ? t.globs.map((g) => `${code(g)}${sourceNote(resolution, t.name, g)}`).join(', ') : '(none)';
    out.push(`| ${t.name}${t.name === resolution.policy.defaultTier ? ' (default)' : ''} | ${t.rank} | ${escapeCell(globs)} | ${escapeCell(resolution.origin(`tiers.${t.name}.globs`).detail)} |`);
  }
  out.push('', `Default tier: ${code(resolution.policy.defaultTier)} (${resolution.origin('defaultTier').detail}). Commit trailers: ${resolution.policy.trailers ? 'on' : 'off'} (${resolution.origin('trailers').detail}).`, '');

  out.push('## Locks', '');
  if (resolution.locked.length) {
    out.push('User, workspace and folder settings cannot change these keys:', '');
    for (const k of resolution.locked) out.push(`- \`${k}\``);
  } else out.push('No keys are locked.');
  out.push('');

  const pinned = Object.entries(resolution.settings);
  if (pinned.length) {
    out.push('## Pinned settings', '', '| Setting | Value | Source |', '|---|---|---|');
    for (const [k, v] of pinned) out.push(`| vetted.${k} | ${escapeCell(code(v))} | ${escapeCell(resolution.origin(`settings.${k}`).detail)} |`);
    out.push('');
  }

  out.push('## Problems', '');
  if (resolution.problems.length) {
    for (const pr of resolution.problems) {
      const where = `${sourceLabel(pr.source, pr.file)}${pr.range ? `:${pr.range.start.line + 1}:${pr.range.start.character + 1}` : ''}${pr.path.length ? ` (${pr.path.join('.')})` : ''}`;
      out.push(`- ${pr.severity}: ${where}: ${pr.message}`);
    }
  } else out.push('None.');
  out.push('');
  return out.join('\n');
}

function sourceNote(resolution: PolicyResolution, tier: string, glob: string): string {
  const o = resolution.globOrigin(tier, glob);
  return o && o.source !== 'default' ? ` (${o.detail})` : '';
}
