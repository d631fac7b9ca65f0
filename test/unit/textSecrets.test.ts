import * as assert from 'assert';
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from '../../src/core/engine';
import { textKindFromPath, textKindOf, type TextKind } from '../../src/core/languages';
import type { AnalysisResult, Finding } from '../../src/core/types';
import { FIXTURES, applyEdits, engine, findings, preferredFix } from './helpers';

// Keys in provider formats are assembled at run time so that this file does not itself look like it leaks one.
const join = (...parts: string[]) => parts.join('');
const STRIPE = join('sk_', 'live_', '51HxQmQ2eZvKYlo2C8eKsdf');
const GITHUB = join('gh', 'p_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5');
const PEM_BODY = ['MIIEpAIBAAKCAQEADuiBNgkWb2sRPReNbA/TkB/yOaGglfIPk5VlDPk4C47bIkpr', 'JIoekk6P0K4uGpSSozBfGIy2EJAPnjR/rohtxlB3lex0XEw/yy6yxz4Uk0yGfuBX'];
const BEGIN = join('-----BEGIN RSA ', 'PRIVATE KEY-----');
const END = join('-----END RSA ', 'PRIVATE KEY-----');

async function scan(file: string, text: string, options: EngineOptions = DEFAULT_ENGINE_OPTIONS): Promise<AnalysisResult> {
  const textKind = textKindFromPath(file);
  assert.ok(textKind, `${file} is a text kind`);
  return engine().analyze({ text, language: undefined, textKind, path: file }, options);
}

async function secrets(file: string, text: string): Promise<Finding[]> {
  return (await scan(file, text)).findings.filter((f) => f.ruleId === 'hardcoded-secret');
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

/** `expect: rule-id` in the file's own comment syntax marks the next line. */
const EXPECT = /(?:\/\/|#|;|<!--)\s*expect:\s*([\w-]+(?:\s*,\s*[\w-]+)*)/;

describe('hardcoded-secret in text files', () => {
  describe('annotated fixtures', () => {
    const dir = path.join(FIXTURES, 'text');
    for (const abs of allFiles(dir)) {
      const rel = path.relative(dir, abs).split(path.sep).join('/');
      it(rel, async () => {
        const text = readFileSync(abs, 'utf8');
        const lines = text.split('\n');
        const expected = new Map<number, string[]>();
        lines.forEach((l, i) => {
          const m = EXPECT.exec(l);
          if (m) expected.set(i + 1, m[1].split(/\s*,\s*/));
        });
        const result = await scan(rel, text);
        assert.strictEqual(result.skipped, undefined);
        const got = new Map<number, string[]>();
        for (const f of result.findings) got.set(f.range.start.line, [...(got.get(f.range.start.line) ?? []), f.ruleId]);
        const problems: string[] = [];
        for (const [line, ids] of got) {
          const want = expected.get(line) ?? [];
          if ([...want].sort().join() !== [...ids].sort().join()) problems.push(`line ${line + 1}: got [${ids.join(', ')}], expected [${want.join(', ')}]: ${lines[line].trim()}`);
        }
        for (const [line, ids] of expected) if (!got.has(line)) problems.push(`line ${line + 1}: missed [${ids.join(', ')}]: ${lines[line]?.trim()}`);
        assert.deepStrictEqual(problems, []);
        for (const f of result.findings) assert.ok(!f.message.includes(lines[f.range.start.line].slice(f.range.start.character, f.range.end.character)) || f.range.end.character - f.range.start.character < 4, `value echoed: ${f.message}`);
      });
    }
  });

  describe('file kinds', () => {
    it('recognises text files by name and extension, and never lock files', () => {
      const cases: Array<[string, TextKind | undefined]> = [
        ['.env', 'env'],
        ['app/.env.local', 'env'],
        ['.env.production', 'env'],
        ['.env.example', 'env'],
        ['prod.env', 'env'],
        ['docker-compose.yml', 'yaml'],
        ['.github/workflows/ci.yaml', 'yaml'],
        ['package.json', 'json'],
        ['tsconfig.json', 'jsonc'],
        ['tsconfig.build.json', 'jsonc'],
        ['.vscode/settings.json', 'jsonc'],
        ['pyproject.toml', 'toml'],
        ['setup.cfg', 'ini'],
        ['.npmrc', 'ini'],
        ['application.properties', 'properties'],
        ['scripts/deploy.sh', 'shell'],
        ['Dockerfile', 'dockerfile'],
        ['Dockerfile.dev', 'dockerfile'],
        ['infra/main.tf', 'terraform'],
        ['main.go', 'go'],
        ['Config.java', 'java'],
        ['build.gradle.kts', 'kotlin'],
        ['Program.cs', 'csharp'],
        ['config.php', 'php'],
        ['Gemfile', 'ruby'],
        ['README.md', 'markdown'],
        ['package-lock.json', undefined],
        ['yarn.lock', undefined],
        ['pnpm-lock.yaml', undefined],
        ['poetry.lock', undefined],
        ['Cargo.lock', undefined],
        ['go.sum', undefined],
        ['composer.lock', undefined],
        ['logo.png', undefined],
        ['font.woff2', undefined],
        ['app.js', undefined], // parsed, not text
        ['notes.txt', undefined],
      ];
      for (const [file, kind] of cases) assert.strictEqual(textKindFromPath(file), kind, file);
    });

    it('uses the editor language id when the path says nothing, but never for a lock file', () => {
      assert.strictEqual(textKindOf('/untitled-1', 'dotenv'), 'env');
      assert.strictEqual(textKindOf('/x/.env.staging', 'plaintext'), 'env');
      assert.strictEqual(textKindOf('/x/package-lock.json', 'json'), undefined);
      assert.strictEqual(textKindOf('/x/notes.txt', 'plaintext'), undefined);
      assert.strictEqual(textKindOf('/x/app.settings.json', 'jsonc'), 'jsonc');
    });

    it('still reports unsupported documents as skipped when no text kind is given', async () => {
      const r = await engine().analyze({ text: `KEY=${STRIPE}\n`, language: undefined });
      assert.strictEqual(r.skipped?.kind, 'unsupported-language');
    });

    it('applies the binary / minified / size precheck to text files', async () => {
      assert.strictEqual((await scan('blob.json', `{"a":"\u0000"}`)).skipped?.kind, 'binary');
      const long = `{"data":"${'x'.repeat(5000)}","k":"${STRIPE}"}`;
      assert.strictEqual((await scan('bundle.json', long)).skipped?.kind, 'minified');
      assert.strictEqual((await scan('big.yaml', `k: ${STRIPE}\n`, { ...DEFAULT_ENGINE_OPTIONS, maxFileSize: 4 })).skipped?.kind, 'too-large');
    });
  });

  describe('what is reported', () => {
    it('finds provider keys, JWTs and passwords in JSON (which has no comments for fixtures)', async () => {
      const text = `{\n  "name": "app",\n  "stripe": { "secretKey": "${STRIPE}" },\n  "password": "Passwort",\n  "db": { "password": "Wq9-xL2v-json" },\n  "token": { "type": "string" },\n  "passwordHint": "at least 12 characters",\n  "apiKey": "\${API_KEY}"\n}\n`;
      const got = await secrets('config.json', text);
      assert.deepStrictEqual(got.map((f) => [f.range.start.line + 1, f.severity]), [[3, 'critical'], [5, 'high']]);
    });

    it('JWT and JDBC recognition is shared with parsed code', async () => {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const jwt = (payload: object) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.${'c2lnbmF0dXJlLW5vdC1yZWFsLWJ1dC1sb25n'}`;
      const service = await findings('javascript', `const SUPABASE_KEY = '${jwt({ role: 'service_role', iss: 'supabase' })}';\n`);
      assert.deepStrictEqual(service.map((f) => [f.ruleId, f.severity]), [['hardcoded-secret', 'critical']]);
      assert.deepStrictEqual(await findings('javascript', `const SUPABASE_ANON = '${jwt({ role: 'anon', iss: 'supabase' })}';\n`), [], 'anon keys are public');
      assert.deepStrictEqual(await findings('python', `SAMPLE = "${jwt({ sub: '1234567890', name: 'John Doe' })}"\n`), [], 'the jwt.io sample');
      const jdbc = await findings('javascript', "const url = 'jdbc:postgresql://db/app?user=app&password=Kd93mQz7x';\n");
      assert.deepStrictEqual(jdbc.map((f) => f.ruleId), ['hardcoded-secret']);
      assert.deepStrictEqual(await findings('javascript', "const url = 'jdbc:postgresql://db/app?user=app&password=${DB_PASSWORD}';\n"), []);
    });

    it('package versions, levels and dependency names are not credentials', async () => {
      const pkg = '{\n  "dependencies": {\n    "@secretlint/secretlint-rule-privatekey": "^10.2.2",\n    "jwt-secret-rotator": "workspace:*",\n    "token-store": "1.4.0-beta.2"\n  },\n  "vetted": { "rules": { "hardcoded-secret": "critical" } }\n}\n';
      assert.deepStrictEqual(await secrets('package.json', pkg), []);
    });

    it('reports a PEM private key once, at its header, in YAML block scalars and in JSON strings with \\n', async () => {
      const yaml = `tls:\n  key: |\n    ${BEGIN}\n    ${PEM_BODY.join('\n    ')}\n    ${END}\n  cert: ./tls.crt\n`;
      const y = await secrets('values.yaml', yaml);
      assert.deepStrictEqual(y.map((f) => [f.range.start.line, f.severity, f.confidence]), [[2, 'critical', 'high']]);
      const json = `{"private_key": "${BEGIN}\\n${PEM_BODY.join('\\n')}\\n${END}\\n", "client_email": "svc@x.iam.gserviceaccount.com"}\n`;
      const j = await secrets('service-account.json', json);
      assert.strictEqual(j.length, 1);
      assert.match(j[0].message, /private key/);
    });

    it('does not take a truncated or placeholder key block for a key', async () => {
      assert.deepStrictEqual(await secrets('k.yaml', `key: "${BEGIN}\\n...\\n${END}"\n`), []);
      assert.deepStrictEqual(await secrets('k.yaml', `key: |\n  ${BEGIN}\n  <your key here>\n  ${END}\n`), []);
    });

    it('treats ${VAR}, $VAR, ${{ secrets.X }} and template expressions as references, not secrets', async () => {
      const text = 'password: ${DB_PASSWORD}\ntoken: $TOKEN\napi_key: ${{ secrets.API_KEY }}\nsecret: "{{ .Values.secret }}"\nclient_secret: <%= ENV["X"] %>\npassword: "${{secrets.PW}}"\n';
      assert.deepStrictEqual(await secrets('config.yaml', text), []);
    });

    it('reports placeholders at low severity in ordinary files, and not at all in templates or docs', async () => {
      const text = 'DB_PASSWORD=changeme\nAPI_KEY=your-api-key-here\nTOKEN=<token>\nSECRET=xxx\n';
      const ordinary = await secrets('config/app.properties', text);
      assert.ok(ordinary.length >= 2 && ordinary.every((f) => f.severity === 'low' && /placeholder/.test(f.message)), ordinary.map((f) => f.message).join('\n'));
      for (const file of ['.env.example', '.env.sample', 'config.template.properties', 'settings.example.yaml', 'README.md']) {
        const t = file.endsWith('.yaml') ? text.replace(/=/g, ': ') : text;
        assert.deepStrictEqual((await secrets(file, t)).map((f) => f.message), [], file);
      }
    });

    it('in a live .env only recognisable credentials are reported, at medium, with .gitignore advice', async () => {
      const got = await secrets('.env', `DB_PASSWORD=local-dev-7Qx\nSTRIPE_SECRET_KEY=${STRIPE}\nJWT_SECRET=k9#Lq2!vXz81\n`);
      assert.strictEqual(got.length, 1);
      assert.strictEqual(got[0].severity, 'medium');
      assert.match(got[0].message, /\.gitignore/);
      assert.match(got[0].message, /`STRIPE_SECRET_KEY=`/);
    });

    it('in a live .env a generated value bound to a secret name is reported; placeholders, references and other names are not', async () => {
      const hex = join('c9f1e4b7', 'a2d85f3e', '6b0a9c4d', '7e2f1b8a');
      const b64 = join('WJlBjmV4gJ33', 'XWdHNSAe/girKVPaVf+', 'uV0U23hHK');
      const got = await secrets('.env', `JWT_SECRET=${hex}\nAWS_SECRET_ACCESS_KEY=${b64}\n`);
      assert.deepStrictEqual(got.map((f) => [f.range.start.line, f.severity]), [[0, 'medium'], [1, 'medium']]);
      assert.ok(got.every((f) => !f.message.includes(hex.slice(2, 10)) && !f.message.includes(b64.slice(2, 10))), got.map((f) => f.message).join('\n'));
      assert.match(got[0].message, /`JWT_SECRET=`/);
      const quiet = [`BUILD_SHA=${hex}`, `CLIENT_ID=${b64}`, 'SESSION_SECRET=', 'JWT_SECRET=change-me-to-a-long-random-string-please', 'API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'JWT_SECRET=${VAULT_JWT_SECRET}', 'TENANT_SECRET=6f1c2a9e-4b7d-4e21-9a3c-0d5e8f7b1a2c', 'JWT_SECRET_FILE=/run/secrets/jwt_secret_0123456789abcdef01234567'];
      assert.deepStrictEqual((await secrets('.env', quiet.join('\n') + '\n')).map((f) => f.range.start.line), []);
    });

    it('never echoes the value, and fingerprints do not depend on it', async () => {
      const a = await secrets('config.yaml', 'db:\n  password: Wq9-xL2v-one\n');
      const b = await secrets('config.yaml', 'db:\n  password: Zz0-other-two\n');
      assert.strictEqual(a.length, 1);
      assert.ok(!a[0].message.includes('Wq9-xL2v-one') && !a[0].message.includes('xL2v'), a[0].message);
      assert.strictEqual(a[0].fingerprint, b[0].fingerprint);
      const key = await secrets('Dockerfile', `ENV STRIPE_KEY=${STRIPE}\n`);
      assert.ok(!key[0].message.includes(STRIPE.slice(4)), key[0].message);
    });

    it('honours rule levels: off and a severity override', async () => {
      const text = `token = "${GITHUB}"\n`;
      assert.deepStrictEqual((await scan('config.toml', text, { ...DEFAULT_ENGINE_OPTIONS, rules: { 'hardcoded-secret': 'off' } })).findings, []);
      const low = await scan('config.toml', text, { ...DEFAULT_ENGINE_OPTIONS, rules: { 'hardcoded-secret': 'low' } });
      assert.deepStrictEqual(low.findings.map((f) => f.severity), ['low']);
    });

    it('stays linear on long hostile lines', async () => {
      const line = `${'a'.repeat(60)}=${'"'.repeat(1500)}:${"'=".repeat(200)}\n`;
      const r = await scan('x.properties', line.repeat(20));
      assert.strictEqual(r.skipped, undefined);
    });
  });

  describe('suppressions', () => {
    it('a vetted-ignore comment with a reason hides the finding in #, // and <!-- --> formats', async () => {
      const cases: Array<[string, string]> = [
        ['config.yaml', `# vetted-ignore hardcoded-secret -- revoked test key kept for the fixture\ntoken: ${GITHUB}\n`],
        ['config.yaml', `token: ${GITHUB} # vetted-ignore hardcoded-secret -- revoked test key\n`],
        ['.env.ci', `# vetted-ignore hardcoded-secret -- CI-only sandbox key\nSTRIPE_KEY=${STRIPE}\n`],
        ['main.go', `// vetted-ignore hardcoded-secret -- public demo key\nconst key = "${STRIPE}"\n`],
        ['README.md', `<!-- vetted-ignore hardcoded-secret -- revoked -->\nToken: \`${GITHUB}\`\n`],
      ];
      for (const [file, text] of cases) {
        const r = await scan(file, text);
        assert.deepStrictEqual(r.findings.map((f) => f.ruleId), [], `${file}: ${r.findings.map((f) => f.message).join(' | ')}`);
        assert.strictEqual(r.suppressed?.length, 1, file);
      }
    });

    it('a marker in a value is not a suppression; a reasonless one is reported', async () => {
      const inValue = await scan('config.yaml', `note: "vetted-ignore hardcoded-secret -- x"\ntoken: ${GITHUB}\n`);
      assert.deepStrictEqual(inValue.findings.map((f) => f.ruleId), ['hardcoded-secret']);
      const noReason = await scan('config.yaml', `# vetted-ignore hardcoded-secret\ntoken: ${GITHUB}\n`);
      assert.deepStrictEqual(noReason.findings.map((f) => f.ruleId).sort(), ['hardcoded-secret', 'invalid-suppression']);
    });

    it('builds the suppression comment in the file syntax (none for JSON)', async () => {
      const edit = async (file: string, text: string) => engine().suppressionEdit({ text, language: undefined, textKind: textKindFromPath(file), path: file }, 1, 'hardcoded-secret', 'test key');
      assert.strictEqual((await edit('a.yaml', 'a:\n  token: x\n'))?.newText, '  # vetted-ignore hardcoded-secret -- test key\n');
      assert.strictEqual((await edit('Main.java', 'class A {\n    String k = "x";\n'))?.newText, '    // vetted-ignore hardcoded-secret -- test key\n');
      assert.strictEqual((await edit('settings.ini', '[a]\npassword = x\n'))?.newText, '; vetted-ignore hardcoded-secret -- test key\n');
      assert.strictEqual((await edit('README.md', 'a\nb\n'))?.newText, '<!-- vetted-ignore hardcoded-secret -- test key -->\n');
      assert.strictEqual(await edit('a.json', '{\n"k": 1}\n'), undefined);
      // and the inserted comment really suppresses
      const text = `a:\n  token: ${GITHUB}\n`;
      const e = (await edit('a.yaml', text))!;
      assert.deepStrictEqual((await scan('a.yaml', applyEdits(text, [e]))).findings, []);
    });
  });

  describe('fixes', () => {
    it('a live .env offers NAME= for .env.example (never the value) and edits nothing else', async () => {
      const [f] = await secrets('backend/.env', `STRIPE_SECRET_KEY=${STRIPE}\n`);
      assert.strictEqual(f.fixes.length, 1);
      assert.deepStrictEqual(f.fixes[0].edits, []);
      assert.deepStrictEqual(f.fixes[0].createOrAppend, { relativePath: '.env.example', line: 'STRIPE_SECRET_KEY=', base: 'document' });
      assert.ok(!JSON.stringify(f.fixes).includes(STRIPE));
    });

    it('Compose: ${NAME} plus the .env.example line; the result has no finding', async () => {
      const text = 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-Passw0rd\n      - REDIS_PASSWORD="kL9mZ2qX7p"\n';
      const got = await secrets('docker-compose.yml', text);
      assert.strictEqual(got.length, 2);
      let out = text;
      for (const f of [...got].reverse()) {
        const fix = preferredFix(f)!;
        assert.deepStrictEqual(fix.createOrAppend?.line, f.range.start.line === 3 ? 'POSTGRES_PASSWORD=' : 'REDIS_PASSWORD=');
        out = applyEdits(out, fix.edits);
      }
      assert.strictEqual(out, 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      - REDIS_PASSWORD="${REDIS_PASSWORD}"\n');
      assert.deepStrictEqual(await secrets('docker-compose.yml', out), []);
    });

    it('GitHub workflow: ${{ secrets.NAME }}; the result has no finding', async () => {
      const text = `jobs:\n  a:\n    env:\n      GH_TOKEN: ${GITHUB}\n`;
      const [f] = await secrets('.github/workflows/ci.yml', text);
      const fix = preferredFix(f)!;
      assert.match(fix.title, /Settings → Secrets/);
      const out = applyEdits(text, fix.edits);
      assert.strictEqual(out, 'jobs:\n  a:\n    env:\n      GH_TOKEN: ${{ secrets.GH_TOKEN }}\n');
      assert.deepStrictEqual(await secrets('.github/workflows/ci.yml', out), []);
    });

    it('code: the env fix also comes with a variant that adds NAME= to .env.example', async () => {
      const [f] = await findings('javascript', "const jwtSecret = 'k9#Lq2!vXz81-prod';\n");
      assert.strictEqual(f.fixes.length, 2);
      const [plain, withExample] = f.fixes;
      assert.strictEqual(plain.isPreferred, true);
      assert.strictEqual(plain.createOrAppend, undefined);
      assert.ok(!withExample.isPreferred);
      assert.deepStrictEqual(withExample.edits, plain.edits);
      assert.deepStrictEqual(withExample.createOrAppend, { relativePath: '.env.example', line: 'JWT_SECRET=', base: 'workspace' });
      const [py] = await findings('python', 'import os\nAPI_KEY = os.getenv("API_KEY", "Zx81Qw9eLm-fallback")\n');
      assert.strictEqual(py.fixes[1]?.createOrAppend?.line, 'API_KEY=');
    });
  });
});
