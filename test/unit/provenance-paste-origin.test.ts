import * as assert from 'assert';
import { classifyTrace, type EditorEvent } from '../../src/core/provenance/classify';
import {
  clipboardFallbackTexts, COPY_ORIGIN_MIME, copyOriginId, isSameOrigin, occursElsewhere, pasteTextMatches, workspaceId,
} from '../../src/core/provenance/pasteOrigin';

const A = 'file:///home/u/repo-a';
const B = 'file:///home/u/repo-b';
const BLOCK = 'def load(path):\n    with open(path) as f:\n        return yaml.load(f)\n';

describe('provenance paste origin', () => {
  it('workspace ids: order-insensitive, differ between workspaces, no path in clear, none without folders', () => {
    assert.strictEqual(workspaceId([A, B]), workspaceId([B, A]));
    assert.strictEqual(workspaceId([A]), workspaceId([`${A}/`]), 'a trailing slash is the same folder');
    assert.notStrictEqual(workspaceId([A]), workspaceId([B]));
    assert.notStrictEqual(workspaceId([A]), workspaceId([A, B]), 'adding a folder is another workspace');
    assert.match(workspaceId([A])!, /^ws1:[0-9a-f]{16}$/);
    assert.ok(!workspaceId([A])!.includes('repo-a'));
    assert.strictEqual(workspaceId([]), undefined);
    assert.strictEqual(workspaceId(undefined as unknown as string[]), undefined, 'bad input does not throw');
  });

  it('origin ids: files in the folders share the workspace id; loose files and untitled buffers are their own origin', () => {
    const inA1 = copyOriginId([A], `${A}/src/x.py`, true);
    const inA2 = copyOriginId([A], `${A}/lib/y.py`, true);
    assert.strictEqual(inA1, inA2);
    assert.strictEqual(inA1, workspaceId([A]));
    const loose = copyOriginId([A], 'file:///tmp/download.py', false);
    assert.notStrictEqual(loose, inA1);
    assert.strictEqual(loose, copyOriginId([A], 'file:///tmp/download.py', false), 'stable');
    assert.notStrictEqual(copyOriginId([A], 'untitled:Untitled-1', false), copyOriginId([A], 'untitled:Untitled-2', false));
    assert.match(copyOriginId([], 'file:///tmp/x.py', true), /^doc1:[0-9a-f]{16}$/, 'no folder open: the document alone');
    assert.notStrictEqual(copyOriginId([B], `${B}/src/x.py`, true), inA1, 'another repository (another window) differs');
  });

  it('isSameOrigin: only a present entry equal to the target id', () => {
    const id = workspaceId([A])!;
    assert.strictEqual(isSameOrigin(id, id), true);
    assert.strictEqual(isSameOrigin(`${id}\n`, id), true);
    assert.strictEqual(isSameOrigin(workspaceId([B]), id), false, 'copied in another workspace');
    assert.strictEqual(isSameOrigin(undefined, id), false, 'no entry: outside VS Code or another window');
    assert.strictEqual(isSameOrigin('', id), false);
    assert.strictEqual(isSameOrigin(42, id), false);
    assert.ok(COPY_ORIGIN_MIME.startsWith('application/vnd.vetted.'));
  });

  it('pasteTextMatches: whole text, every cursor, one line per cursor, CRLF; not a different text', () => {
    assert.ok(pasteTextMatches(BLOCK, [BLOCK]));
    assert.ok(pasteTextMatches(BLOCK.replace(/\n/g, '\r\n'), [BLOCK]));
    assert.ok(pasteTextMatches('x\n', ['x\n', 'x\n']));
    assert.ok(pasteTextMatches('alpha\nbeta\ngamma', ['alpha', 'beta', 'gamma']));
    assert.ok(!pasteTextMatches(BLOCK, [BLOCK.replace('yaml.load', 'yaml.safe_load')]));
    assert.ok(!pasteTextMatches(BLOCK, []));
    assert.ok(!pasteTextMatches('alpha\nbeta', ['alpha', 'gamma']));
  });

  it('clipboardFallbackTexts: only block insertions of pasteMinLines+ non-blank lines (never typing)', () => {
    assert.deepStrictEqual(clipboardFallbackTexts([{ rangeOffset: 3, rangeLength: 0, text: BLOCK }], 3), [BLOCK]);
    assert.strictEqual(clipboardFallbackTexts([{ rangeOffset: 3, rangeLength: 0, text: 'a' }], 3), undefined, 'a keystroke');
    assert.strictEqual(clipboardFallbackTexts([{ rangeOffset: 3, rangeLength: 0, text: 'a\n\n\nb\n' }], 3), undefined, 'two non-blank lines');
    assert.strictEqual(clipboardFallbackTexts([{ rangeOffset: 3, rangeLength: 0, text: '\n\n\n\n' }], 3), undefined, 'whitespace');
    assert.strictEqual(clipboardFallbackTexts([{ rangeOffset: 0, rangeLength: 40, text: '' }], 3), undefined, 'a deletion');
    assert.deepStrictEqual(clipboardFallbackTexts([{ rangeOffset: 0, rangeLength: 0, text: 'a\nb' }], 2), ['a\nb'], 'the threshold is honoured');
    assert.strictEqual(clipboardFallbackTexts(undefined as unknown as [], 3), undefined);
  });

  it('occursElsewhere skips the pasted copy itself', () => {
    const doc = `x = 1\n${BLOCK}y = 2\n`;
    assert.strictEqual(occursElsewhere(doc, BLOCK, 6), false, 'only the pasted copy');
    assert.strictEqual(occursElsewhere(`${doc}${BLOCK}`, BLOCK, 6), true, 'a second copy');
    assert.strictEqual(occursElsewhere(doc, BLOCK), true, 'another document');
    assert.strictEqual(occursElsewhere(doc, '   '), false);
  });

  it('the classifier: a copy entry that does not match overrides VS Code copy metadata (another window or workspace)', () => {
    const paste = (extra: Partial<Extract<EditorEvent, { kind: 'paste' }>>): EditorEvent[] => [
      { kind: 'paste', time: 0, uri: 'file:///w/a.py', text: BLOCK, ranges: [{ start: 0, end: 0 }], hasVscodeCopyMetadata: true, ...extra },
      { kind: 'change', time: 20, uri: 'file:///w/a.py', scheme: 'file', languageId: 'python', changes: [{ rangeOffset: 0, rangeLength: 0, text: BLOCK }], isActiveEditor: true, dirtyAfter: true },
    ];
    const same = classifyTrace(paste({ sameWorkspace: true }));
    assert.strictEqual(same[0].verdict.tagged, false);
    const other = classifyTrace(paste({ sameWorkspace: false }));
    assert.ok(other[0].verdict.tagged && other[0].verdict.src === 'paste', JSON.stringify(other[0].verdict));
    const outside = classifyTrace(paste({ hasVscodeCopyMetadata: false, sameWorkspace: false }));
    assert.ok(outside[0].verdict.tagged && outside[0].verdict.src === 'paste');
  });
});
