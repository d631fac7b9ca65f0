// Secrets in text files Vetted does not parse (.env, YAML) inside a real VS Code: diagnostics, no noise on
// placeholders, the .env.example quick fix (a second file) and suppression comments in the file's own syntax.
// The fixture files are written at run time into the workspace copy, so that the repository holds no provider-format
// key. They are never deleted (a deleted file whose document is still alive turns into an orphaned model that can block
// other suites' teardown); instead this suite runs last (its file name sorts after vetted.test.ts), so the other suites'
// workspace counts stay as they are.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, boundedCleanup, closeAllEditors, describeDiagnostic, fixtureUri, replaceDocumentText, waitForDiagnostics } from './helpers';

interface VettedApi {
  checker: { check(doc: vscode.TextDocument): Promise<{ skipped?: unknown; findings: readonly unknown[] } | undefined> };
}

const STRIPE = ['sk_', 'live_', '51HxQmQ2eZvKYlo2C8eKsdf'].join('');
const GITHUB = ['gh', 'p_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'].join('');

const FILES: Record<string, string> = {
  'config/.env': `# local settings\nSTRIPE_SECRET_KEY=${STRIPE}\nDB_PASSWORD=local-dev-only\n`,
  'config/.env.example': '# copy to .env\nSTRIPE_SECRET_KEY=your-stripe-key-here\nDB_PASSWORD=changeme\nJWT_SECRET=<generate one>\n',
  'deploy/docker-compose.yml': `services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-Passw0rd\n      API_KEY: \${API_KEY}\n  ci:\n    environment:\n      GH_TOKEN: ${GITHUB}\n`,
  'deploy/values.yaml': 'db:\n  password: ${DB_PASSWORD}\n  user: app\napi:\n  token: "{{ .Values.token }}"\n  tokenUrl: https://auth.example.com/token\n',
};

function vetted(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Vetted');
}

function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}

async function open(rel: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(rel));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/** Writes a fixture file: through its document when one is alive (so the editor never holds a stale copy), else to disk. */
async function put(rel: string, text: string): Promise<void> {
  const uri = fixtureUri(rel);
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc && !doc.isClosed) {
    if (doc.getText() !== text) await replaceDocumentText(doc, text);
    if (doc.isDirty) await doc.save();
    return;
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

suite('Vetted on text files (secrets)', () => {
  let api: VettedApi;

  suiteSetup(async () => {
    api = (await activateExtension<VettedApi>('vetted.vetted')).exports;
  });

  setup(async () => {
    for (const [rel, text] of Object.entries(FILES)) await put(rel, text);
  });

  teardown(async () => {
    await boundedCleanup(async () => {
      await vscode.workspace.saveAll(false); // nothing dirty left to prompt about when the editors close
      await closeAllEditors();
    });
  });

  test('a provider key in a .env file gets a diagnostic that does not echo it', async () => {
    const document = await open('config/.env');
    assert.strictEqual(document.languageId, 'dotenv');
    const ds = await waitForDiagnostics(document.uri, (d) => d.some((x) => x.source === 'Vetted'));
    const mine = vetted(document.uri);
    assert.deepStrictEqual(mine.map((d) => `${d.range.start.line + 1}:${ruleOf(d)}`), ['2:hardcoded-secret'], ds.map(describeDiagnostic).join('\n'));
    assert.strictEqual(mine[0].severity, vscode.DiagnosticSeverity.Warning, 'a live .env is medium: right place, if never committed');
    assert.match(mine[0].message, /\.gitignore/);
    assert.ok(!mine[0].message.includes(STRIPE.slice(3)), 'the key is masked');
  });

  test('YAML (Compose) credentials are errors; placeholders and references give none', async () => {
    const compose = await open('deploy/docker-compose.yml');
    const ds = await waitForDiagnostics(compose.uri, (d) => d.filter((x) => x.source === 'Vetted').length >= 2);
    assert.deepStrictEqual(vetted(compose.uri).map((d) => `${d.range.start.line + 1}:${ruleOf(d)}`), ['4:hardcoded-secret', '8:hardcoded-secret'], ds.map(describeDiagnostic).join('\n'));
    assert.ok(vetted(compose.uri).every((d) => d.severity === vscode.DiagnosticSeverity.Error));
    for (const rel of ['config/.env.example', 'deploy/values.yaml']) {
      const document = await open(rel);
      const result = await api.checker.check(document);
      assert.ok(result && !result.skipped, `${rel} is analysed`);
      assert.deepStrictEqual(vetted(document.uri).map(describeDiagnostic), [], rel);
    }
  });

  test('the .env quick fix adds NAME= (never the value) to the .env.example beside it, once', async () => {
    await put('fresh/.env', FILES['config/.env']);
    const example = fixtureUri('fresh/.env.example');
    assert.strictEqual(await readText(example), undefined, 'no .env.example yet');
    const document = await open('fresh/.env');
    const [diag] = await waitForDiagnostics(document.uri, (d) => d.some((x) => x.source === 'Vetted'));
    const find = async () => (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diag.range)).find((a) => /to \.env\.example/.test(a.title));
    const action = await find();
    assert.ok(action?.edit, 'offers the .env.example fix');
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    const created = vscode.workspace.textDocuments.find((d) => d.uri.toString() === example.toString());
    if (created?.isDirty) await created.save();
    assert.strictEqual(await readText(example), 'STRIPE_SECRET_KEY=\n');
    assert.strictEqual(document.getText().includes(STRIPE), true, 'the .env itself is left alone');
    assert.strictEqual(await find(), undefined, 'not offered again once the name is listed');
  });

  test('the Compose quick fix writes ${NAME} and appends NAME= to an existing .env.example', async () => {
    await put('deploy/.env.example', 'API_KEY=');
    const document = await open('deploy/docker-compose.yml');
    const ds = await waitForDiagnostics(document.uri, (d) => d.filter((x) => x.source === 'Vetted').length >= 2);
    const diag = ds.find((d) => d.source === 'Vetted' && d.range.start.line === 3)!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diag.range);
    const preferred = actions.filter((a) => a.isPreferred && /POSTGRES_PASSWORD/.test(a.title));
    assert.strictEqual(preferred.length, 1, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(preferred[0].edit!));
    assert.strictEqual(document.lineAt(3).text, '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}');
    const example = vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/deploy/.env.example'));
    assert.strictEqual(example?.getText() ?? (await readText(fixtureUri('deploy/.env.example'))), 'API_KEY=\nPOSTGRES_PASSWORD=\n');
    await waitForDiagnostics(document.uri, (d) => d.filter((x) => x.source === 'Vetted').length === 1);
    await vscode.workspace.saveAll(false);
  });

  test('Scan Workspace checks text files that are not open, and skips lock files', async () => {
    await put('deploy/package-lock.json', JSON.stringify({ resolved: `https://u:Wq9xL2vQ7r@registry.example.com/x.tgz`, token: GITHUB }, null, 2));
    const totals = await vscode.commands.executeCommand<{ files: number; cancelled: boolean }>('vetted.scanWorkspace');
    assert.strictEqual(totals.cancelled, false);
    const compose = vetted(fixtureUri('deploy/docker-compose.yml'));
    assert.deepStrictEqual(compose.map((d) => `${d.range.start.line + 1}:${ruleOf(d)}`), ['4:hardcoded-secret', '8:hardcoded-secret']);
    assert.strictEqual(vetted(fixtureUri('config/.env')).length, 1);
    assert.deepStrictEqual(vetted(fixtureUri('config/.env.example')), []);
    assert.deepStrictEqual(vetted(fixtureUri('deploy/package-lock.json')), [], 'lock files are not read');
  });

  test('suppressing in YAML inserts a # vetted-ignore comment and hides the finding', async () => {
    const document = await open('deploy/docker-compose.yml');
    const ds = await waitForDiagnostics(document.uri, (d) => d.filter((x) => x.source === 'Vetted').length >= 2);
    const diag = ds.find((d) => d.source === 'Vetted' && d.range.start.line === 7)!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diag.range);
    const action = actions.find((a) => a.command?.command === 'vetted.suppress');
    assert.ok(action, actions.map((a) => a.title).join(' | '));
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('vetted.suppress', ...(action.command!.arguments ?? []), 'revoked token kept for the demo'), true);
    assert.strictEqual(document.lineAt(7).text, '      # vetted-ignore hardcoded-secret -- revoked token kept for the demo');
    await waitForDiagnostics(document.uri, (d) => d.filter((x) => x.source === 'Vetted').length === 1);
    await vscode.workspace.saveAll(false);
  });
});
