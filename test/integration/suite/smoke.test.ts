// Smoke suite for the real extension: it is installed from the VSIX and activates.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';

const EXTENSION_ID = 'vetted.vetted';

suite('Smoke', () => {
  test(`extension ${EXTENSION_ID} is installed`, () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not found among ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')}`);
  });

  test(`extension ${EXTENSION_ID} activates`, async () => {
    const ext = await activateExtension(EXTENSION_ID);
    assert.strictEqual(ext.isActive, true);
  });
});
