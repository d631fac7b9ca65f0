/**
 * The text of Vetted's git hook blocks, and adding/removing them in an existing hook file without touching anything
 * else (issue 5). Pure string functions; the installer (src/cli/hooks.ts) does the file system and git work.
 *
 * Every line Vetted adds sits between `# >>> vetted >>>` and `# <<< vetted <<<`; removing that span (with the one line
 * break Vetted added before it, when it did) gives back the original bytes.
 */

export const BEGIN_MARK = '# >>> vetted >>>';
export const END_MARK = '# <<< vetted <<<';
/** First line under the begin mark in a file Vetted created (uninstall then deletes the file). */
export const CREATED_NOTE = '# (this file was created by vetted hooks install; uninstall deletes it)';

export type HookName = 'pre-commit' | 'prepare-commit-msg';

export interface CliLocation {
  /** Absolute path of the node binary at install time. */
  readonly node: string;
  /** Absolute path of bin/vetted.js at install time. */
  readonly cli: string;
}

/** Single-quoted for POSIX sh. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The sh lines that find the CLI and run `vetted ARGS`, setting `vetted_rc` (127 when no CLI was found). */
function runLines(cli: CliLocation, args: string, what: string): string[] {
  return [
    `vetted_node=${shQuote(cli.node)}`,
    `vetted_cli=${shQuote(cli.cli)}`,
    'if [ -x "$vetted_node" ] && [ -f "$vetted_cli" ]; then',
    `  "$vetted_node" "$vetted_cli" ${args}; vetted_rc=$?`,
    'elif command -v npx >/dev/null 2>&1 && npx --no-install vetted --version >/dev/null 2>&1; then',
    `  npx --no-install vetted ${args}; vetted_rc=$?`,
    'else',
    `  echo "vetted: the Vetted CLI was not found (not at $vetted_cli, and npx --no-install vetted failed), so ${what} did NOT run and does not block. Reinstall: vetted hooks install" >&2`,
    '  vetted_rc=127',
    'fi',
  ];
}

/**
 * The lines between the marks. `standalone`: the file is Vetted's own (or husky's, which runs it with sh); otherwise
 * the block sits at the top of someone else's sh hook and runs that hook first, in a child (`VETTED_CHAINED=1 "$0"`),
 * keeping its exit code: a failing hook of theirs stops the commit before Vetted runs, as before.
 */
export function hookBlock(hook: HookName, cli: CliLocation, mode: 'created' | 'chained-top' | 'appended'): string[] {
  const args = hook === 'pre-commit' ? 'precommit' : 'trailers "$1" "$2" "$3"';
  const what = hook === 'pre-commit' ? 'the Vetted commit gate' : 'Vetted commit trailers';
  const run = runLines(cli, args, what);
  const onResult = hook === 'pre-commit' ? ['if [ "$vetted_rc" -ne 0 ] && [ "$vetted_rc" -ne 127 ]; then exit "$vetted_rc"; fi'] : [];
  const lines: string[] = [BEGIN_MARK];
  if (mode === 'created') lines.push(CREATED_NOTE);
  else lines.push('# (added by vetted hooks install; vetted hooks uninstall removes exactly these lines)');
  if (mode === 'chained-top') {
    lines.push('if [ -z "${VETTED_CHAINED:-}" ]; then', '  VETTED_CHAINED=1 "$0" "$@" || exit $?', ...run.map((l) => `  ${l}`), ...onResult.map((l) => `  ${l}`), '  exit 0', 'fi');
  } else {
    lines.push(...run, ...onResult);
  }
  lines.push(END_MARK);
  return lines;
}

export function hasBlock(text: string): boolean {
  return text.split(/\r?\n/).some((l) => l.trim() === BEGIN_MARK);
}

/** Whether the file is a POSIX-shell script (or has no shebang, which git runs with sh). */
export function isShellScript(text: string): boolean {
  const first = text.split('\n', 1)[0];
  if (!first.startsWith('#!')) return true;
  return /^#!\s*(?:\/usr)?\/bin\/(?:env\s+)?(?:sh|bash|dash|zsh|ksh|ash)\b/.test(first) || /^#!\s*\/usr\/bin\/env\s+(?:-S\s+)?(?:sh|bash|dash|zsh|ksh)\b/.test(first);
}

/** A new hook file holding only Vetted's block. */
export function createdHook(hook: HookName, cli: CliLocation): string {
  return ['#!/bin/sh', ...hookBlock(hook, cli, 'created'), ''].join('\n');
}

/**
 * Adds the block to someone else's hook: right after the shebang (`top`, for git hooks: runs theirs first through
 * `$0`) or at the end (`end`, for husky files that sh runs line by line). Line endings follow the file's.
 */
export function insertBlock(text: string, block: readonly string[], where: 'top' | 'end'): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = block.join(eol) + eol;
  if (where === 'end') {
    if (text === '') return body;
    return text.endsWith('\n') ? text + body : text + eol + BEGIN_SEP_NOTE + body;
  }
  if (text.startsWith('#!')) {
    const nl = text.indexOf('\n');
    if (nl < 0) return text + eol + BEGIN_SEP_NOTE + body;
    return text.slice(0, nl + 1) + body + text.slice(nl + 1);
  }
  return body + text;
}

/**
 * When Vetted had to add a line break before its block (the file did not end with one), it marks that with this
 * empty-looking prefix line so removal can take the break away again: the line is `# vetted: added line break`.
 */
const BEGIN_SEP_NOTE = '# vetted: added line break\n';

/** The text without Vetted's block(s); unchanged when there is none. */
export function removeBlock(text: string): string {
  let out = text;
  for (;;) {
    const lines = out.split('\n');
    const b = lines.findIndex((l) => l.replace(/\r$/, '').trim() === BEGIN_MARK);
    if (b < 0) return out;
    let e = b + 1;
    while (e < lines.length && lines[e].replace(/\r$/, '').trim() !== END_MARK) e++;
    if (e >= lines.length) return out; // an unterminated block: leave the file alone (status reports it)
    let start = b;
    const sep = start > 0 && lines[start - 1] === BEGIN_SEP_NOTE.slice(0, -1);
    if (sep) start--;
    const before = lines.slice(0, start);
    const after = lines.slice(e + 1);
    if (sep) {
      // the original had no line break at its end: take away the one Vetted added before the note
      out = before.join('\n').replace(/\r$/, '') + (after.length > 1 || after[0] ? '\n' + after.join('\n') : '');
    } else {
      out = [...before, ...after].join('\n');
    }
  }
}

/** Whether a file holds only what Vetted created (the shebang and Vetted's block). */
export function isOnlyOurs(text: string): boolean {
  if (!text.includes(CREATED_NOTE)) return false;
  const rest = removeBlock(text).replace(/^#!\/bin\/sh\r?\n?/, '');
  return rest.trim() === '';
}
