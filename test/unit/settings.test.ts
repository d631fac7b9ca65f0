import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { DEFAULT_SETTINGS, SETTING_KEYS, parseSettings } from '../../src/core/settings';
import { COMMANDS } from '../../src/extension/ids';
import { ROOT } from './helpers';

describe('settings', () => {
  it('uses defaults for unset keys', () => {
    const { settings, problems } = parseSettings({});
    assert.deepStrictEqual(settings, DEFAULT_SETTINGS);
    assert.deepStrictEqual(problems, []);
  });

  it('accepts valid values', () => {
    const { settings, problems } = parseSettings({ run: 'onSave', debounceMs: 50, rules: { 'sql-injection': 'critical', 'hardcoded-secret': 'off' } });
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(settings.run, 'onSave');
    assert.strictEqual(settings.rules['hardcoded-secret'], 'off');
  });

  it('replaces each invalid value by its default and explains it, keeping the valid ones', () => {
    const { settings, problems } = parseSettings({ debounceMs: -5, run: 'always', enable: false, maxFileSizeKB: 'big' });
    assert.strictEqual(settings.debounceMs, DEFAULT_SETTINGS.debounceMs);
    assert.strictEqual(settings.run, DEFAULT_SETTINGS.run);
    assert.strictEqual(settings.maxFileSizeKB, DEFAULT_SETTINGS.maxFileSizeKB);
    assert.strictEqual(settings.enable, false);
    assert.deepStrictEqual(problems.map((p) => p.key).sort(), ['vetted.debounceMs', 'vetted.maxFileSizeKB', 'vetted.run']);
    assert.match(problems.find((p) => p.key === 'vetted.run')!.message, /Invalid value for vetted\.run \("always"\).*Using the default \("onType"\)/);
  });

  it('names unknown rule ids and bad levels', () => {
    const { settings, problems } = parseSettings({ rules: { 'sql-injection': 'loud', 'no-such-rule': 'off' } });
    assert.deepStrictEqual(settings.rules, {});
    assert.match(problems[0].message, /no-such-rule/);
    assert.match(problems[0].message, /sql-injection/);
  });

  it('matches the settings contributed in package.json (keys, defaults, enums)', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const props = pkg.contributes.configuration.properties;
    // vetted.policy is the team policy layer, validated by src/core/policy/schema.ts (test/unit/policy-schema.test.ts)
    assert.deepStrictEqual(Object.keys(props).filter((k) => k !== 'vetted.policy').sort(), SETTING_KEYS.map((k) => `vetted.${k}`).sort());
    for (const key of SETTING_KEYS) assert.deepStrictEqual(props[`vetted.${key}`].default, DEFAULT_SETTINGS[key], key);
  });

  it('declares every command once, with the Vetted category, and lazy activation', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const declared = pkg.contributes.commands.map((c: { command: string; category: string }) => {
      assert.strictEqual(c.category, 'Vetted');
      return c.command;
    });
    assert.deepStrictEqual(declared.sort(), Object.values(COMMANDS).sort());
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.strictEqual(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    for (const r of pkg.capabilities.untrustedWorkspaces.restrictedConfigurations) assert.ok(props(pkg)[r], `${r} is a contributed setting`);
  });
});

function props(pkg: { contributes: { configuration: { properties: Record<string, unknown> } } }) {
  return pkg.contributes.configuration.properties;
}
