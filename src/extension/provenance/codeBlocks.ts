import * as vscode from 'vscode';
import { outputHashes, type EditorEvent } from '../../core/provenance/classify';

/**
 * Signal 3 of the classifier, "known assistant output": the code blocks a chat shows live in text models with their
 * own URI schemes (VS Code's `Schemas.vscodeChatCodeBlock`, Copilot's backing documents, the left side of compare
 * blocks). When such a model reaches the extension host as a TextDocument, its text is hashed (exactly and with
 * indentation normalised) and handed to the classifier, so an Insert at Cursor, Apply or copy-paste of that block is
 * recognised as the assistant's output. Only hashes are kept, never the text; nothing leaves the machine.
 *
 * Whether a chat's code blocks reach extensions depends on the VS Code build and the chat extension; the test suite
 * can only exercise this with a stand-in document of the same scheme (code-server has no chat here).
 */
export const CODE_BLOCK_SCHEMES: ReadonlyMap<string, string> = new Map([
  ['vscode-chat-code-block', 'unknown'],
  ['vscode-copilot-chat-code-block', 'github.copilot'],
  ['vscode-chat-code-compare-block', 'unknown'],
]);

/** Code blocks larger than this are not hashed (a chat block is a snippet, not a file). */
const MAX_BLOCK_CHARS = 200_000;

export function watchChatCodeBlocks(push: (event: EditorEvent) => void, log: vscode.LogOutputChannel): vscode.Disposable {
  const seen = new Map<string, string>(); // uri → last exact hash pushed
  const offer = (doc: vscode.TextDocument) => {
    const tool = CODE_BLOCK_SCHEMES.get(doc.uri.scheme);
    if (tool === undefined) return;
    const text = doc.getText();
    if (text.trim().length === 0 || text.length > MAX_BLOCK_CHARS) return;
    const hashes = outputHashes(text);
    const key = doc.uri.toString();
    if (seen.get(key) === hashes.exact) return;
    if (!seen.has(key)) log.info(`provenance: assistant code block seen (${doc.uri.scheme}, ${doc.lineCount} lines)`);
    seen.set(key, hashes.exact);
    if (seen.size > 500) seen.delete(seen.keys().next().value as string);
    push({ kind: 'known-output', time: Date.now(), tool, hashes: [hashes] });
  };
  for (const doc of vscode.workspace.textDocuments) offer(doc);
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument(offer),
    // a streamed answer fills its block in steps: the last state is the one that can be inserted
    vscode.workspace.onDidChangeTextDocument((e) => offer(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => seen.delete(d.uri.toString())),
  );
}
