/**
 * Agent hooks (issue 4, "Agent ground truth"): the hook file "Vetted: Set Up Agent Hooks" writes, and the pure parts
 * of reading its records (the files a tool call names, the region that changed). The watcher is
 * src/extension/provenance/agentHooks.ts.
 */
/** Where the hook appends (workspace-relative) and the hook file the command writes. */
export const AGENT_EVENTS_PATH = '.vetted/agent-events.jsonl';
export const HOOK_FILE_PATH = '.github/hooks/vetted.json';

/**
 * The hook file: a PostToolUse hook that appends its JSON input (one line) to .vetted/agent-events.jsonl. `command`
 * is VS Code's form; `bash`/`powershell` the Copilot CLI / cloud agent form. JSON has no raw newlines inside strings,
 * so dropping line breaks keeps the record intact.
 */
export function hookFileContent(): string {
  const bash = `mkdir -p .vetted && { tr -d '\\r\\n'; echo; } >> ${AGENT_EVENTS_PATH}`;
  const powershell = `New-Item -ItemType Directory -Force .vetted | Out-Null; ($input | Out-String).Replace("\`r","").Replace("\`n","") | Add-Content -Path ${AGENT_EVENTS_PATH}`;
  return (
    JSON.stringify(
      { version: 1, hooks: { PostToolUse: [{ type: 'command', command: bash, bash, powershell, timeoutSec: 10 }] } },
      null,
      2,
    ) + '\n'
  );
}

export interface HookRecord {
  tool_name?: unknown;
  toolName?: unknown;
  tool_input?: unknown;
  toolArgs?: unknown;
  sessionId?: unknown;
  session_id?: unknown;
  model?: unknown;
  cwd?: unknown;
}

/** File paths a tool input names (file_path, filePath, path, files[...]). */
export function filesOf(input: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown, depth: number) => {
    if (!v || typeof v !== 'object' || depth > 3) return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (typeof x === 'string' && /^(file_?path|filePath|path|file|uri)$/i.test(k)) out.push(x);
      else if (Array.isArray(x) && /^(files|paths|filePaths)$/i.test(k)) for (const f of x) typeof f === 'string' ? out.push(f) : visit(f, depth + 1);
      else if (x && typeof x === 'object') visit(x, depth + 1);
    }
  };
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return [];
    }
  }
  visit(value, 0);
  return [...new Set(out)];
}

/** The lines that differ between two texts (common prefix and suffix lines removed), as offsets in `after`. */
export function changedRange(before: string, after: string): { start: number; end: number } | undefined {
  if (before === after) return undefined;
  const a = before.split('\n');
  const b = after.split('\n');
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  const first = p;
  const last = b.length - 1 - s;
  if (last < first) return undefined; // only deletions
  let start = 0;
  for (let i = 0; i < first; i++) start += b[i].length + 1;
  let end = start;
  for (let i = first; i <= last; i++) end += b[i].length + 1;
  return { start, end: Math.min(end, after.length) };
}

/** The tool attribute for a hook record: the agent product when the tool name reveals it, else `unknown`. */
export function agentName(toolName: string | undefined): string {
  if (!toolName) return 'unknown';
  if (/^(Edit|Write|MultiEdit|NotebookEdit)$/.test(toolName)) return 'claude-code';
  if (/^(editFiles|createFile|insertEdit|replaceString|applyPatch|create_file|replace_string_in_file|insert_edit_into_file|apply_patch)$/i.test(toolName)) return 'github.copilot';
  return 'unknown';
}
