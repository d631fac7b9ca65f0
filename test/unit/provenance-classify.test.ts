import * as assert from 'assert';
import {
  classifyTrace,
  InsertionClassifier,
  outputHashes,
  type ChangeEvent,
  type ClassifierOptions,
  type EditorEvent,
  type InsertionResult,
  type OffsetSelection,
} from '../../src/core/provenance/classify';
import type { ContentChange } from '../../src/core/provenance/types';

const URI = 'file:///w/src/app.ts';
const cur = (at: number): OffsetSelection => ({ anchor: at, active: at });
const ins = (at: number, text: string): ContentChange => ({ rangeOffset: at, rangeLength: 0, text });
const rep = (at: number, length: number, text: string): ContentChange => ({ rangeOffset: at, rangeLength: length, text });

function change(time: number, changes: ContentChange[], extra: Partial<ChangeEvent> = {}): ChangeEvent {
  return { kind: 'change', time, uri: URI, scheme: 'file', languageId: 'typescript', changes, isActiveEditor: true, dirtyAfter: true, ...extra };
}

/** The user typing `text` one key at a time from `at`, 120 ms apart. */
function typing(text: string, at: number, t0: number): ChangeEvent[] {
  return Array.from(text, (ch, i) => change(t0 + i * 120, [ins(at + i, ch)], { selectionsBefore: [cur(at + i)], selectionsAfter: [cur(at + i + 1)] }));
}

const BLOCK = 'function add(a: number, b: number) {\n  const sum = a + b;\n  console.log(sum);\n  return sum;\n}\n';
const PY = 'def load(path):\n    with open(path) as f:\n        return yaml.load(f)\n';

/** A compact view of results: [verdict summary, start, end]. */
function view(results: InsertionResult[]) {
  return results.map((r) => (r.verdict.tagged ? `${r.verdict.action} ${r.verdict.src}/${r.verdict.conf}${r.verdict.tool ? ' ' + r.verdict.tool : ''}` : `not tagged: ${r.verdict.reason}`));
}

function tagged(results: InsertionResult[]) {
  return results.filter((r) => r.verdict.tagged);
}

describe('provenance classifier: recorded traces', () => {
  it('typing is never tagged', () => {
    const res = classifyTrace(typing('const total = price * quantity;\n', 0, 0));
    assert.ok(res.length > 20);
    assert.deepStrictEqual(new Set(view(res)), new Set(['not tagged: typing']));
  });

  it('multi-cursor typing (one character per cursor) is typing', () => {
    const ev = change(0, [ins(10, 'x'), ins(30, 'x'), ins(50, 'x')], { selectionsBefore: [cur(10), cur(30), cur(50)] });
    assert.deepStrictEqual(view(classifyTrace([ev])), ['not tagged: typing', 'not tagged: typing', 'not tagged: typing']);
  });

  it('an external paste of ≥ 3 lines is tagged src=paste; a shorter one is not', () => {
    const trace: EditorEvent[] = [
      { kind: 'paste', time: 1000, uri: URI, text: PY, ranges: [{ start: 5, end: 5 }], hasVscodeCopyMetadata: false },
      change(1025, [ins(5, PY)], { selectionsBefore: [cur(5)] }),
    ];
    const res = classifyTrace(trace);
    assert.deepStrictEqual(view(res), ['tag paste/high unknown']);
    assert.deepStrictEqual([res[0].start, res[0].end, res[0].events], [5, 5 + PY.length, [1]]);
    const two = 'a = 1\nb = 2\n';
    assert.deepStrictEqual(view(classifyTrace([{ ...trace[0], text: two } as EditorEvent, change(1025, [ins(5, two)])])), ['not tagged: paste of 2 lines (fewer than 3)']);
    // The minimum is a setting.
    assert.deepStrictEqual(view(classifyTrace([{ ...trace[0], text: two } as EditorEvent, change(1025, [ins(5, two)])], { pasteMinLines: 2 })), ['tag paste/high unknown']);
  });

  it('a paste copied inside the workspace is not external', () => {
    const trace: EditorEvent[] = [
      { kind: 'paste', time: 1000, uri: URI, text: PY, ranges: [{ start: 0, end: 0 }], hasVscodeCopyMetadata: true },
      change(1025, [ins(0, PY)]),
    ];
    assert.deepStrictEqual(view(classifyTrace(trace)), ['not tagged: paste copied inside this workspace (not external)']);
    // Vetted's copy hook says it came from elsewhere: external after all.
    const elsewhere = [{ ...trace[0], sameWorkspace: false } as EditorEvent, trace[1]];
    assert.deepStrictEqual(view(classifyTrace(elsewhere)), ['tag paste/high unknown']);
  });

  it('a multi-cursor paste that distributes lines pairs with the paste', () => {
    const trace: EditorEvent[] = [
      { kind: 'paste', time: 0, uri: URI, text: 'alpha\nbeta\ngamma', ranges: [{ start: 0, end: 0 }, { start: 10, end: 10 }, { start: 20, end: 20 }], hasVscodeCopyMetadata: false },
      change(20, [ins(0, 'alpha'), ins(10, 'beta'), ins(20, 'gamma')]),
    ];
    // Paired with the paste (not seen as three unrelated insertions); each piece is one line, below the minimum.
    assert.deepStrictEqual(view(classifyTrace(trace)), Array(3).fill('not tagged: paste of 1 line (fewer than 3)'));
  });

  it('an inline completion accepted right after typing is medium (offered), high enough when the lead says so', () => {
    const typed = typing('function add(', 0, 0);
    const accept = change(5000, [ins(13, BLOCK.slice(13))], { selectionsBefore: [cur(13)], selectionsAfter: [cur(BLOCK.length)] });
    const res = classifyTrace([...typed, accept]);
    assert.deepStrictEqual(view(res).slice(-1), ['offer inline/medium unknown']);
    assert.deepStrictEqual(view(classifyTrace([...typed, accept], { treatMediumAsEnough: true })).slice(-1), ['tag inline/medium unknown']);
    // The same insertion with the cursor elsewhere afterwards, or not after typing, is only low.
    const moved = { ...accept, selectionsAfter: [cur(0)] };
    assert.deepStrictEqual(view(classifyTrace([...typed, moved])).slice(-1), ['offer heuristic/low unknown']);
    assert.deepStrictEqual(view(classifyTrace([accept])), ['offer heuristic/low unknown']);
  });

  it('the adapter may pass lastTypedAt/lastTypedOffset itself', () => {
    const accept = change(5000, [ins(13, BLOCK.slice(13))], { selectionsBefore: [cur(13)], lastTypedAt: 4800, lastTypedOffset: 13 });
    assert.deepStrictEqual(view(classifyTrace([accept])), ['offer inline/medium unknown']);
  });

  it('a chat code block inserted at the cursor matches known output (exact: high, re-indented: medium)', () => {
    const known: EditorEvent = { kind: 'known-output', time: 0, tool: 'github.copilot', hashes: [outputHashes(BLOCK)] };
    const exact = change(3000, [ins(40, BLOCK)], { selectionsBefore: [cur(40)] });
    assert.deepStrictEqual(view(classifyTrace([known, exact])), ['tag chat-insert/high github.copilot']);
    const indented = BLOCK.split('\n').map((l) => (l ? '    ' + l : l)).join('\n');
    assert.deepStrictEqual(view(classifyTrace([known, change(3000, [ins(40, indented)])])), ['offer chat-insert/medium github.copilot']);
    // Copied from the chat panel and pasted: still the assistant's output, which beats "paste".
    const pasted: EditorEvent[] = [known, { kind: 'paste', time: 3000, uri: URI, text: BLOCK, ranges: [], hasVscodeCopyMetadata: false }, change(3020, [ins(0, BLOCK)])];
    assert.deepStrictEqual(view(classifyTrace(pasted)), ['tag chat-insert/high github.copilot']);
  });

  it('an agent stream on a file with a chat editing session is one high-confidence group', () => {
    const lines = BLOCK.split(/(?<=\n)/);
    const trace: EditorEvent[] = [{ kind: 'chat-session', time: 0, scheme: 'chat-editing-text-model', uri: URI }];
    let at = 100;
    lines.forEach((l, i) => {
      trace.push(change(200 + i * 150, [ins(at, l)], { isActiveEditor: false }));
      at += l.length;
    });
    trace.push(...typing('// ok\n', 0, 5000)); // later typing in the file, after the stream paused
    const res = classifyTrace(trace);
    const groups = tagged(res);
    assert.deepStrictEqual(view(groups), ['tag agent-edit/high github.copilot']);
    // Reported when the stream pauses, at offsets valid after the typing that came before the report.
    assert.deepStrictEqual([groups[0].start, groups[0].end], [100, 100 + BLOCK.length]);
    assert.deepStrictEqual(groups[0].events, [1, 2, 3, 4, 5]);
  });

  it('a streamed rewrite is re-diffed against the text before it: unchanged lines are not claimed', () => {
    const before = 'import os\n\ndef keep():\n    return 1\n\ndef old():\n    return 2\n';
    const rewritten = 'import os\n\ndef keep():\n    return 1\n\ndef old():\n    cmd = f"ls {path}"\n    return os.system(cmd)\n';
    // The session streams the whole file back: delete everything, then the new text in three pieces.
    const pieces = [rewritten.slice(0, 40), rewritten.slice(40, 90), rewritten.slice(90)];
    const trace: EditorEvent[] = [{ kind: 'chat-session', time: 0, scheme: 'chat-editing-text-model', uri: URI, text: before }, change(100, [rep(0, before.length, '')], { isActiveEditor: false })];
    let at = 0;
    pieces.forEach((p, i) => {
      trace.push(change(200 + i * 100, [ins(at, p)], { isActiveEditor: false }));
      at += p.length;
    });
    const groups = tagged(classifyTrace(trace));
    assert.deepStrictEqual(view(groups), ['tag agent-edit/high github.copilot']);
    assert.strictEqual(rewritten.slice(groups[0].start, groups[0].end), '    cmd = f"ls {path}"\n    return os.system(cmd)\n');
    assert.match(groups[0].verdict.tagged ? groups[0].verdict.reason : '', /left as they were/);
    // Without the starting text the whole streamed range is tagged, as before.
    const blind = tagged(classifyTrace([{ kind: 'chat-session', time: 0, scheme: 'chat-editing-text-model', uri: URI }, ...trace.slice(1)]));
    assert.deepStrictEqual([blind[0].start, blind[0].end], [0, rewritten.length]);
    // A stream that writes back exactly what was there tags nothing.
    const same: EditorEvent[] = [trace[0], change(100, [rep(0, before.length, '')], { isActiveEditor: false }), change(200, [ins(0, before)], { isActiveEditor: false })];
    assert.deepStrictEqual(tagged(classifyTrace(same)), []);
  });

  it('the user typing in the file during the stream makes the group medium', () => {
    const trace: EditorEvent[] = [
      { kind: 'chat-session', time: 0, scheme: 'cline-diff', uri: URI },
      change(100, [ins(0, PY)]),
      change(300, [ins(PY.length + 10, 'x')], { selectionsBefore: [cur(PY.length + 10)] }),
      change(500, [ins(PY.length, 'print("done")\n')]),
    ];
    const res = classifyTrace(trace);
    assert.deepStrictEqual(view(tagged(res)), ['offer agent-edit/medium cline']);
    assert.deepStrictEqual([tagged(res)[0].start, tagged(res)[0].end], [0, PY.length + 'print("done")\n'.length]);
    // A session that was closed no longer explains edits.
    const closed: EditorEvent[] = [trace[0], { kind: 'chat-session', time: 50, scheme: 'cline-diff', uri: URI, state: 'close' }, trace[1]];
    assert.deepStrictEqual(view(classifyTrace(closed)), ['offer heuristic/low unknown']);
  });

  it('a stream group closes on its own when the next event comes more than a second later', () => {
    const c = new InsertionClassifier();
    c.push({ kind: 'chat-session', time: 0, scheme: 'chat-editing-snapshot-text-model', uri: URI });
    assert.deepStrictEqual(c.push(change(100, [ins(0, PY)])), []);
    assert.deepStrictEqual(c.flush(600), []); // still streaming
    assert.deepStrictEqual(view(c.flush(1200)), ['tag agent-edit/high github.copilot']);
  });

  it('agent ledger records: ranges from the hook are tagged, the reload that follows is not tagged twice', () => {
    const trace: EditorEvent[] = [
      { kind: 'agent-ledger', time: 0, tool: 'claude-code', files: [{ uri: URI, ranges: [{ start: 10, end: 90 }] }] },
      change(300, [rep(0, 200, 'x'.repeat(280))], { dirtyAfter: false, isActiveEditor: false }),
    ];
    assert.deepStrictEqual(view(classifyTrace(trace)), ['tag agent-edit/high claude-code', 'not tagged: already recorded from the agent hook ledger record']);
    // Without ranges, the changes on the file right after the record are the agent's.
    const noRanges: EditorEvent[] = [{ kind: 'agent-ledger', time: 0, tool: 'copilot-cli', files: [{ uri: URI }] }, change(300, [ins(10, PY)], { dirtyAfter: false })];
    assert.deepStrictEqual(view(classifyTrace(noRanges)), ['tag agent-edit/high copilot-cli']);
  });

  it('format on save, snippet, rename, undo/redo and reload are not tagged', () => {
    const cases: [string, EditorEvent[], string][] = [
      ['format on save', [{ kind: 'format', time: 0, uri: URI }, change(20, [rep(0, 120, BLOCK)])], 'formatting (format on save/paste/type or Format Document)'],
      ['snippet', [change(0, [rep(0, 3, 'for (let i = 0; i < array.length; i++) {\n  const element = array[i];\n}\n')], { selectionsBefore: [cur(3)] })], 'suggest-style replace'],
      ['rename', [change(0, [rep(4, 3, 'totalPrice'), rep(40, 3, 'totalPrice'), rep(90, 3, 'totalPrice')])], 'several changes in one event'],
      ['undo', [change(0, [ins(0, BLOCK)], { reason: 'undo' })], 'undo restores earlier text'],
      ['redo', [change(0, [ins(0, BLOCK)], { reason: 'redo' })], 'redo restores earlier text'],
      ['reload', [change(0, [rep(0, 500, BLOCK + BLOCK)], { dirtyAfter: false, isActiveEditor: true })], 'reload from disk'],
    ];
    for (const [name, trace, reason] of cases) {
      const res = classifyTrace(trace);
      assert.ok(res.length > 0 && res.every((r) => !r.verdict.tagged && r.verdict.reason.startsWith(reason)), `${name}: ${view(res).join('; ')}`);
    }
  });

  it('modes: ask offers, ledger-only records, off tags nothing (but says what it saw)', () => {
    const trace: EditorEvent[] = [{ kind: 'paste', time: 0, uri: URI, text: PY, ranges: [], hasVscodeCopyMetadata: false }, change(25, [ins(0, PY)])];
    assert.deepStrictEqual(view(classifyTrace(trace, { mode: 'ask' })), ['offer paste/high unknown']);
    assert.deepStrictEqual(view(classifyTrace(trace, { mode: 'ledger-only' })), ['record paste/high unknown']);
    const off = classifyTrace(trace, { mode: 'off' });
    assert.deepStrictEqual(view(off), ['not tagged: provenance tagging is off']);
    assert.strictEqual(off[0].verdict.tagged === false && off[0].verdict.classification?.src, 'paste');
  });

  it('a large programmatic insertion away from the cursor gets the low-confidence offer', () => {
    const res = classifyTrace([change(0, [ins(400, BLOCK)], { selectionsBefore: [cur(3)] })]);
    assert.deepStrictEqual(view(res), ['offer heuristic/low unknown']);
    assert.match(res[0].verdict.tagged ? res[0].verdict.reason : '', /not at the cursor/);
  });

  it('never throws on garbage events', () => {
    const c = new InsertionClassifier();
    for (const e of [null, {}, { kind: 'change', time: 1 }, { kind: 'paste', time: 2, uri: URI }, { kind: 'agent-ledger', time: 3, files: null }, { kind: 'zzz', time: 4 }]) {
      assert.doesNotThrow(() => c.push(e as unknown as EditorEvent));
    }
    assert.doesNotThrow(() => c.flush());
  });
});

describe('provenance classifier: false-positive table', () => {
  const HTML = '<div class="card">\n  <ul>\n    <li></li>\n    <li></li>\n  </ul>\n</div>';
  type Row = { source: string; trace: EditorEvent[]; expect: string[]; options?: Partial<ClassifierOptions> };
  const rows: Row[] = [
    {
      source: 'snippet expanded from its prefix (Tab)',
      trace: [...typing('for', 0, 0), change(800, [rep(0, 3, 'for (const item of items) {\n  console.log(item);\n}\n')], { selectionsBefore: [cur(3)] })],
      expect: ['suggest-style replace'],
    },
    {
      source: 'snippet inserted from the menu, first tab stop selected',
      trace: [change(0, [ins(20, 'try {\n  doSomething();\n} catch (error) {\n  console.error(error);\n}\n')], { selectionsBefore: [cur(20)], selectionsAfter: [{ anchor: 28, active: 39 }] })],
      expect: ['snippet (tab stops selected after the insertion)'],
    },
    {
      source: 'snippet with several cursors on its placeholders',
      trace: [change(0, [ins(20, 'export class Name {\n  constructor(private readonly name: string) {}\n}\n')], { selectionsBefore: [cur(20)], selectionsAfter: [cur(33), cur(75)] })],
      expect: ['snippet (tab stops selected after the insertion)'],
    },
    {
      source: 'snippet command (adapter hint)',
      trace: [{ kind: 'snippet', time: 0, uri: URI }, change(5, [ins(20, 'describe("x", () => {\n  it("works", () => {\n  });\n});\n')], { selectionsBefore: [cur(20)] })],
      expect: ['snippet or Emmet expansion'],
    },
    {
      source: 'Emmet abbreviation expansion',
      trace: [...typing('div.card>ul>li*2', 0, 0), change(3000, [rep(0, 16, HTML)], { languageId: 'html', selectionsBefore: [cur(16)], selectionsAfter: [cur(38)] })],
      expect: ['suggest-style replace'],
    },
    {
      source: 'IntelliSense completion with additionalTextEdits (auto-import)',
      trace: [change(0, [ins(0, "import { readFileSync } from 'node:fs';\n"), rep(120, 4, 'readFileSync(path, { encoding: "utf8" })')], { selectionsBefore: [cur(124)] })],
      expect: ['several changes in one event', 'several changes in one event'],
    },
    {
      source: 'IntelliSense method-override completion (replaces the typed prefix)',
      trace: [...typing('toStr', 50, 0), change(1000, [rep(50, 5, 'toString(): string {\n    return `${this.name} (${this.id})`;\n  }')], { selectionsBefore: [cur(55)] })],
      expect: ['suggest-style replace'],
    },
    {
      source: 'organise imports (replaces the import block)',
      trace: [change(0, [rep(0, 90, "import { a, b } from './ab';\nimport { c } from './c';\nimport { readFile } from 'fs';\n")], { selectionsBefore: [cur(300)] })],
      expect: ['replaces existing text'],
    },
    {
      source: 'code action (quick fix: implement interface), with the adapter hint',
      trace: [{ kind: 'code-action', time: 0, uri: URI }, change(10, [ins(200, '  get(id: string): Item {\n    throw new Error("Method not implemented.");\n  }\n')], { selectionsBefore: [cur(180)] })],
      expect: ['code action'],
    },
    {
      source: 'code action without a hint: never auto-tagged, only a low-confidence offer',
      trace: [change(10, [ins(200, '  get(id: string): Item {\n    throw new Error("Method not implemented.");\n  }\n')], { selectionsBefore: [cur(180)] })],
      expect: ['offer heuristic/low'],
    },
    {
      source: 'rename symbol',
      trace: [change(0, [rep(10, 5, 'customerName'), rep(200, 5, 'customerName')])],
      expect: ['several changes in one event', 'several changes in one event'],
    },
    {
      source: 'format on save (hinted from onWillSaveTextDocument)',
      trace: [{ kind: 'format', time: 0, uri: URI }, change(30, [ins(0, '\n\n'), rep(10, 0, '    '), ins(40, ';\n  return value;\n}\n\nexport default handler;\n')])],
      expect: ['formatting', 'formatting', 'formatting'],
    },
    {
      source: 'format document that re-prints a block as one replace',
      trace: [change(0, [rep(10, 60, BLOCK)], { selectionsBefore: [cur(3)] })],
      expect: ['replaces existing text'],
    },
    {
      source: 'format on paste (the paste is tagged once; the formatting pass after it is not)',
      trace: [
        { kind: 'paste', time: 0, uri: URI, text: PY, ranges: [], hasVscodeCopyMetadata: false },
        change(25, [ins(0, PY)]),
        { kind: 'format', time: 30, uri: URI },
        change(40, [ins(0, '    '), ins(16, '    '), ins(40, '    ')]),
      ],
      expect: ['tag paste/high', 'formatting', 'formatting', 'formatting'],
    },
    {
      source: 'find and replace: replace all',
      trace: [change(0, [rep(10, 3, 'const data = await load();\n'), rep(80, 3, 'const data = await load();\n'), rep(150, 3, 'const data = await load();\n')])],
      expect: ['several changes in one event', 'several changes in one event', 'several changes in one event'],
    },
    {
      source: 'find and replace: one multi-line regex replacement of the selected match',
      trace: [change(0, [rep(100, 12, 'if (user) {\n  return user.permissions.includes(role);\n}')], { selectionsBefore: [{ anchor: 100, active: 112 }] })],
      expect: ['replaces existing text'],
    },
    {
      source: 'git checkout (reload, minimal diff as one replace)',
      trace: [change(0, [rep(40, 200, BLOCK + PY)], { dirtyAfter: false })],
      expect: ['reload from disk'],
    },
    {
      source: 'git stash pop (reload inserting whole functions)',
      trace: [change(0, [ins(300, BLOCK)], { dirtyAfter: false, selectionsBefore: [cur(300)] })],
      expect: ['reload from disk'],
    },
    {
      source: 'drag and drop move inside the editor (delete + insert in one event)',
      trace: [change(0, [rep(10, BLOCK.length, ''), ins(400, BLOCK)], { selectionsBefore: [{ anchor: 10, active: 10 + BLOCK.length }] })],
      expect: ['several changes in one event'],
    },
    {
      source: 'drop of text (adapter hint from a drop edit provider)',
      trace: [{ kind: 'drop', time: 0, uri: URI }, change(10, [ins(50, BLOCK)], { selectionsBefore: [cur(50)] })],
      expect: ['drag and drop'],
    },
    {
      source: 'undo of a deletion (the block comes back)',
      trace: [change(0, [rep(0, BLOCK.length, '')]), change(1000, [ins(0, BLOCK)], { reason: 'undo', selectionsBefore: [cur(0)] })],
      expect: ['undo restores earlier text'],
    },
    {
      source: 'Live Share guest: the shared document',
      trace: [change(0, [ins(0, BLOCK)], { scheme: 'vsls', selectionsBefore: [cur(0)] })],
      expect: ['Live Share document'],
    },
    {
      source: 'Live Share host: a participant edit (adapter hint)',
      trace: [{ kind: 'live-share', time: 0, uri: URI }, change(5, [ins(0, BLOCK)])],
      expect: ['Live Share participant edit'],
    },
    {
      source: 'Live Share host without a hint: a remote insertion away from the cursor is only offered, low',
      trace: [change(5, [ins(600, BLOCK)], { selectionsBefore: [cur(12)] })],
      expect: ['offer heuristic/low'],
    },
    {
      source: 'license header generator (comments only, at the top)',
      trace: [change(0, [ins(0, '/*\n * Copyright (c) 2026 Example Corp.\n * SPDX-License-Identifier: Apache-2.0\n */\n')], { selectionsBefore: [cur(0)] })],
      expect: ['comments only'],
    },
    {
      source: 'license header in a hash-comment language',
      trace: [change(0, [ins(0, '# Copyright (c) 2026 Example Corp.\n# Licensed under the MIT License. See LICENSE.\n')], { languageId: 'python', selectionsBefore: [cur(0)] })],
      expect: ['comments only'],
    },
    {
      source: "Vetted's own marker insertion",
      trace: [{ kind: 'own-edit', time: 0, uri: URI }, change(5, [ins(0, '// ai-provenance:begin v=1 id=01JB2K7QX9 src=inline\n'), ins(90, '// ai-provenance:end id=01JB2K7QX9\n')])],
      expect: ["Vetted's own edit", "Vetted's own edit"],
    },
    {
      source: 'an output channel or git diff document',
      trace: [change(0, [ins(0, BLOCK)], { scheme: 'output' })],
      expect: ['not a workspace file'],
    },
    {
      source: 'whitespace-only insertion (blank lines)',
      trace: [change(0, [ins(0, '\n\n\n\n        \n\n')], { selectionsBefore: [cur(0)] })],
      expect: ['whitespace only'],
    },
    {
      source: 'a background edit in a document that is not the active editor',
      trace: [change(0, [ins(0, BLOCK)], { isActiveEditor: false })],
      expect: ['not in the active editor'],
    },
  ];

  for (const row of rows) {
    it(`${row.source} → ${row.expect[0]}`, () => {
      // The keystrokes some rows start with are typing; the row is about what follows them.
      const got = view(classifyTrace(row.trace, row.options)).filter((v) => v !== 'not tagged: typing');
      assert.strictEqual(got.length, row.expect.length, got.join('; '));
      got.forEach((g, i) => {
        const want = row.expect[i];
        const ok = want.startsWith('tag ') || want.startsWith('offer ') ? g.startsWith(want) : g.startsWith(`not tagged: ${want}`);
        assert.ok(ok, `expected "${want}", got "${g}"`);
      });
      // Nothing in this table may be tagged automatically, except the paste that format-on-paste follows.
      const auto = classifyTrace(row.trace, row.options).filter((r) => r.verdict.tagged && r.verdict.action === 'tag' && r.verdict.src !== 'paste');
      assert.deepStrictEqual(auto, []);
    });
  }
});
