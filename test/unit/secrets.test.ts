import * as assert from 'assert';
import * as ts from 'typescript';
import { classifyValue, decodeJs, decodePython, findKeyValuePassword, findPrivateKey, findProviderKey, findUrlPassword, isPlaceholder, namesItself, strictEnvRead } from '../../src/core/rules/secrets';
import type { Finding, ParsedLanguage } from '../../src/core/types';
import { applyEdits, findings, preferredFix } from './helpers';

// Keys in provider formats are assembled at run time so that this file does not itself look like it leaks one.
const join = (...parts: string[]) => parts.join('');
const KEYS = {
  stripe: join('sk_', 'live_', '51HxQmQ2eZvKYlo2C8eKsdf'),
  openai: join('sk-', 'proj-', '4y9ojfljoQoaF1LlqsajAIxNKu8iS2G8NPRVdD53PKR0CsTy4Q'),
  openaiLegacy: join('sk-', 'PKR0CsTy4Qwb8DwkNhFdnXsiVpzz63FfkCzJr4i0B3JrTAwR'),
  anthropic: join('sk-', 'ant-', 'api03-', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7'),
  github: join('gh', 'p_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'),
  githubPat: join('github_', 'pat_', '11ABCDEFG0aB3dE5fG7hI9_jK1lM3nO5pQ7rS9tU1vW3xY5zA7'),
  gitlab: join('gl', 'pat-', 'aB3dE5fG7hI9jK1lM3nO'),
  slack: join('xo', 'xb-', '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'),
  slackUser: join('xo', 'xp-', '123456789012-1234567890123-AbCdEfGhIjKl'),
  aws: join('AK', 'IA', 'Z3MSJ5QYV7XKPL2W'),
  google: join('AI', 'za', 'SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'),
};
const PEM_BODY = 'MIIEpAIBAAKCAQEADuiBNgkWb2sRPReNbA/TkB/yOaGglfIPk5VlDPk4C47bIkpr\\nJIoekk6P0K4uGpSSozBfGIy2EJAPnjR/rohtxlB3lex0XEw/yy6yxz4Uk0yGfuBX';

async function secretFindings(language: ParsedLanguage, text: string): Promise<Finding[]> {
  return (await findings(language, text)).filter((f) => f.ruleId === 'hardcoded-secret');
}

async function only(language: ParsedLanguage, text: string): Promise<Finding> {
  const got = await secretFindings(language, text);
  assert.strictEqual(got.length, 1, `expected one finding in ${text}, got ${got.map((f) => f.message).join(' | ')}`);
  return got[0];
}

/** Applies the preferred fix of the only finding and checks the finding is gone afterwards. */
async function fixed(language: ParsedLanguage, text: string): Promise<string> {
  const f = await only(language, text);
  const fix = preferredFix(f);
  assert.ok(fix, `no preferred fix for ${text}`);
  const out = applyEdits(text, fix.edits);
  assert.deepStrictEqual((await secretFindings(language, out)).map((x) => x.message), [], `fix should clear the finding:\n${out}`);
  return out;
}

/** Type-checks a TypeScript snippet under `strict` with a minimal `process` (no @types/node needed). */
function typeErrors(source: string): string[] {
  const file = 'snippet.ts';
  const text = `declare const process: { env: Record<string, string | undefined> };\n${source}\nexport {};\n`;
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (name === file ? ts.createSourceFile(name, text, version) : read(name, version));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('hardcoded-secret', () => {
  describe('severity and confidence', () => {
    const cases: Array<[string, ParsedLanguage, string, string, string]> = [
      ['provider key', 'javascript', `const stripe = new Stripe('${KEYS.stripe}');\n`, 'critical', 'high'],
      ['private key', 'javascript', `const key = '-----BEGIN PRIVATE KEY-----\\n${PEM_BODY}\\n-----END PRIVATE KEY-----';\n`, 'critical', 'high'],
      ['URL with a password', 'python', 'engine = create_engine("mysql://app:Wq9-xL2v@db/app")\n', 'high', 'high'],
      ['credential by name', 'javascript', "const JWT_SECRET = 'supersecretkey123';\n", 'high', 'medium'],
      ['Authorization value', 'javascript', "fetch(u, { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });\n", 'high', 'medium'],
      ['placeholder', 'javascript', "const DB_PASSWORD = 'changeme';\n", 'low', 'low'],
      ['placeholder in angle brackets', 'python', 'API_KEY = "<YOUR API KEY>"\n', 'low', 'low'],
    ];
    for (const [what, language, text, severity, confidence] of cases) {
      it(what, async () => {
        const f = await only(language, text);
        assert.deepStrictEqual([f.severity, f.confidence], [severity, confidence], f.message);
      });
    }

    it('says a placeholder is a placeholder', async () => {
      const f = await only('javascript', "const OPENAI_API_KEY = 'your-api-key-here';\n");
      assert.match(f.message, /placeholder/);
    });

    it('a key in a provider format that is an example or a stand-in is not critical', async () => {
      const f = await only('javascript', "const openai = { apiKey: 'sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxx' };\n");
      assert.strictEqual(f.severity, 'low');
      assert.deepStrictEqual(await secretFindings('javascript', `const example = '${join('AKIA', 'IOSFODNN7', 'EXAMPLE')}';\n`), []);
    });
  });

  describe('recognises provider keys anywhere in a string', () => {
    for (const [provider, key] of Object.entries(KEYS)) {
      it(provider, async () => {
        const f = await only('javascript', `const client = createClient({ baseUrl: 'https://api.example.com', auth: 'Token ${key}' });\n`);
        assert.strictEqual(f.severity, 'critical');
        assert.ok(!f.message.includes(key.slice(2)), f.message);
      });
    }

    it('needs a word boundary and a random-looking body', () => {
      assert.strictEqual(findProviderKey('task-managementdashboardapplication'), undefined);
      assert.strictEqual(findProviderKey('sk-abcdefghijklmnopqrstuvwxyz'), undefined);
      assert.strictEqual(findProviderKey(join('sk_live_', '...')), undefined);
      assert.strictEqual(findProviderKey(`see ${KEYS.github}.`)?.label, 'GitHub token');
    });
  });

  describe('values that name a key are not credentials', () => {
    const quiet: Array<[string, string]> = [
      ['credentials', 'include'],
      ['credentials', 'same-origin'],
      ['credentials', 'omit'],
      ['ACCESS_TOKEN', 'access_token'],
      ['REFRESH_TOKEN', 'refreshToken'],
      ['csrfToken', 'X-CSRF-Token'],
      ['apiKey', 'x-api-key'],
      ['password', 'input[type=password]'],
      ['token', '#token-input'],
      ['token', 'token:refresh'],
      ['password', 'user_password'],
      ['token', 'csrftoken'],
      ['password', 'Passwort'],
      ['secret', 'Geheimnis'],
      ['secret', 'aes-256-gcm'],
      ['secret', 'HS256'],
      ['password', 'required|min:8'],
      ['password', 'VARCHAR(255)'],
      ['password', '${DB_PASSWORD}'],
      ['password', '%(password)s'],
      ['apiKey', 'OPENAI_API_KEY'],
      ['password', 'Password must be 8 characters'],
      ['apiKey', 'Enter your API key'],
      ['password', ''],
    ];
    for (const [name, value] of quiet) {
      it(`${name} = '${value}'`, () => assert.strictEqual(classifyValue(value, name), undefined));
    }

    const credentials: Array<[string, string]> = [
      ['JWT_SECRET', 'supersecretkey123'],
      ['JWT_SECRET', 'super-secret-key'],
      ['JWT_SECRET', 'secretkey'],
      ['password', 'admin123'],
      ['password', 'password1'],
      ['SECRET_KEY', 'django-insecure-7f$k2!x9q'],
      ['secret', 'my-jwt-secret-2024'],
      ['sessionSecret', 'keyboard cat'],
      ['password', 'p@ss"word'],
    ];
    for (const [name, value] of credentials) {
      it(`${name} = '${value}' is a credential`, () => assert.strictEqual(classifyValue(value, name), 'credential'));
    }

    it('a fallback is used as the secret, so it cannot be a key name', () => {
      assert.strictEqual(classifyValue('jwt-secret', 'JWT_SECRET', 'binding'), undefined);
      assert.strictEqual(classifyValue('jwt-secret', 'JWT_SECRET', 'secret'), 'credential');
    });

    it('namesItself needs the name’s own words', () => {
      assert.ok(namesItself('access_token', 'ACCESS_TOKEN'));
      assert.ok(namesItself('new-password', 'password'));
      assert.ok(!namesItself('super-secret-key', 'JWT_SECRET'));
      assert.ok(!namesItself('user_data', 'password'));
    });

    const placeholders = ['changeme', 'your-api-key-here', '<KEY>', 'xxx', 'sk-...', 'REPLACE_WITH_YOUR_KEY', '********', 'dummy-secret', 'change_me', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'super-secret-change-in-production'];
    for (const p of placeholders) it(`'${p}' is a placeholder`, () => assert.ok(isPlaceholder(p)));
  });

  describe('reads string literals the way the language does', () => {
    it('decodes JS escapes', () => {
      assert.strictEqual(decodeJs('p@ss\\"word\\n\\x41\\u0042\\u{43}\\\\'), 'p@ss"word\nABC\\');
    });

    it('decodes Python escapes and keeps unknown ones', () => {
      assert.strictEqual(decodePython('F4Q8z\\n\\xec]/\\d'), 'F4Q8z\n\xec]/\\d');
    });

    it('reports Python bytes and raw strings', async () => {
      await only('python', "app.secret_key = b'_5#y2L\"F4Q8z\\n\\xec]/'\n");
      await only('python', "SECRET_KEY = r'k9#Lq2\\vXz81-prod'\n");
    });

    it('reports a private key split over concatenated literals, on its header', async () => {
      const text = `const key =\n  '-----BEGIN RSA PRIVATE KEY-----\\n' +\n  '${PEM_BODY.replace('\\n', "\\n' +\n  '")}\\n' +\n  '-----END RSA PRIVATE KEY-----';\n`;
      const f = await only('javascript', text);
      assert.strictEqual(f.range.start.line, 1);
      assert.strictEqual(f.fixes.length, 0, 'no literal to replace as a whole');
    });

    it('does not take a PEM header on its own for a key', () => {
      assert.strictEqual(findPrivateKey('-----BEGIN PRIVATE KEY-----'), undefined);
      assert.strictEqual(findPrivateKey('-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----'), undefined);
    });

    it('finds passwords in connection strings, not placeholders', () => {
      assert.strictEqual(findUrlPassword('mongodb+srv://u:p4ss@cluster0.abc.mongodb.net/db')?.secret, 'p4ss');
      for (const pw of ['password', '<password>', '${DB_PASS}', '****', 'your_password', 'mypassword']) {
        assert.strictEqual(findUrlPassword(`postgres://app:${pw}@db:5432/app`), undefined, pw);
      }
      assert.strictEqual(findUrlPassword('https://user@example.com/x'), undefined);
    });

    it('finds passwords in key=value connection strings that have other connection keys', () => {
      assert.strictEqual(findKeyValuePassword('host=db user=app password=Sh0p-db-2024 dbname=shop')?.secret, 'Sh0p-db-2024');
      assert.strictEqual(findKeyValuePassword('Server=tcp:db,1433;Database=shop;User ID=app;Password=Sh0p-db-2024;')?.secret, 'Sh0p-db-2024');
      assert.strictEqual(findKeyValuePassword('host=db user=app password=secret'), undefined);
      assert.strictEqual(findKeyValuePassword('UPDATE users SET password=%s WHERE id=%s'), undefined);
    });

    it('ignores docstrings, object keys and type literals', async () => {
      assert.deepStrictEqual(await secretFindings('python', `def f():\n    """Call OpenAI(api_key="${KEYS.openaiLegacy}")."""\n`), []);
      assert.deepStrictEqual(await secretFindings('typescript', "type Secret = 'supersecretkey123';\nconst o = { 'password': 1 };\n"), []);
    });
  });

  describe('messages and fingerprints', () => {
    it('never echo the secret, also for URLs, PEM blocks and fallbacks', async () => {
      const cases: Array<[ParsedLanguage, string, string]> = [
        ['javascript', "mongoose.connect('mongodb://app:Zq8-pLm2vX@db/app');\n", 'Zq8-pLm2vX'],
        ['javascript', `const key = '-----BEGIN PRIVATE KEY-----\\n${PEM_BODY}\\n-----END PRIVATE KEY-----';\n`, PEM_BODY.slice(2, 30)],
        ['python', 'KEY = os.getenv("API_KEY", "a8f5f167f44f4964e6c998dee827110c")\n', 'f5f167f44f4964'],
        ['javascript', "fetch(u, { headers: { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.Yq3c9Lw2kQ8v' } });\n", 'hbGciOiJIUzI1NiJ9'],
      ];
      for (const [language, text, secret] of cases) {
        const f = await only(language, text);
        assert.ok(!f.message.includes(secret), f.message);
        assert.ok(!f.fingerprint.includes(secret));
      }
    });

    it('fingerprints by name: the same name with another value keeps its fingerprint', async () => {
      const a = await only('javascript', "const JWT_SECRET = 'k9#Lq2!vXz81-prod';\n");
      const b = await only('javascript', "const JWT_SECRET = 'another-Secret-99';\n");
      assert.strictEqual(a.fingerprint, b.fingerprint);
    });
  });

  describe('quick fixes', () => {
    it('JavaScript reads process.env', async () => {
      assert.strictEqual(await fixed('javascript', "function f(apiKey = 'a8f5f167f44f4964e6c998dee827110c') {}\n"), 'function f(apiKey = process.env.API_KEY) {}\n');
    });

    it('TypeScript reads process.env and fails loudly when it is missing, and the result type-checks', async () => {
      const text = "const apiKey: string = 'a8f5f167f44f4964e6c998dee827110c';\n";
      const out = await fixed('typescript', text);
      assert.strictEqual(out, `const apiKey: string = ${strictEnvRead('process.env.API_KEY', 'API_KEY')};\n`);
      assert.deepStrictEqual(typeErrors(out), []);
      assert.notDeepStrictEqual(typeErrors('const apiKey: string = process.env.API_KEY;'), [], 'the plain form would not type-check');
    });

    it('TypeScript fallbacks keep the variable the code reads, with parentheses where needed', async () => {
      const out = await fixed('typescript', "const s: string = (process.env.A_TOKEN || process.env.B_TOKEN) ?? 'dev-token-123';\n");
      assert.strictEqual(out, `const s: string = ${strictEnvRead('(process.env.A_TOKEN || process.env.B_TOKEN)', 'A_TOKEN')};\n`);
      assert.deepStrictEqual(typeErrors(out), []);
      const cast = await fixed('typescript', "const db = { password: 'Pr0d-Passw0rd!' as string };\n");
      assert.deepStrictEqual(typeErrors(cast), [], cast);
    });

    it('TSX attributes get braces', async () => {
      const out = await fixed('tsx', `const m = <Map apiKey="${KEYS.google}" />;\n`);
      assert.strictEqual(out, `const m = <Map apiKey={${strictEnvRead('process.env.GOOGLE_API_KEY', 'GOOGLE_API_KEY')}} />;\n`);
    });

    it('says a fallback is a fallback', async () => {
      const f = await only('javascript', "const s = process.env.JWT_SECRET || 'dev-secret-123';\n");
      assert.match(f.message, /^`JWT_SECRET` falls back to a hard-coded credential/);
    });

    it('JavaScript fallbacks drop the literal', async () => {
      assert.strictEqual(await fixed('javascript', "const s = process.env.JWT_SECRET || 'dev-secret-123';\n"), 'const s = process.env.JWT_SECRET;\n');
    });

    it('uses the provider’s usual variable when the name says nothing', async () => {
      assert.strictEqual(await fixed('javascript', `const stripe = new Stripe('${KEYS.stripe}');\n`), 'const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);\n');
      assert.strictEqual(await fixed('javascript', `const ai = new OpenAI({ apiKey: '${KEYS.openai}' });\n`), 'const ai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n');
      assert.strictEqual(await fixed('javascript', "mongoose.connect('mongodb+srv://u:p4ssW0rd@c0.x.mongodb.net/db');\n"), 'mongoose.connect(process.env.MONGODB_URI);\n');
    });

    it('Python: os.environ, for bindings and for env-var defaults', async () => {
      assert.strictEqual(await fixed('python', 'import os\nKEY = os.getenv("API_KEY", "a8f5f167f44f4964e6c998dee827110c")\n'), 'import os\nKEY = os.environ["API_KEY"]\n');
      assert.strictEqual(await fixed('python', 'import os\nP = os.environ.get("DB_PASSWORD") or "s3cretPass!"\n'), 'import os\nP = os.environ["DB_PASSWORD"]\n');
      assert.strictEqual(await fixed('python', 'from decouple import config\nSECRET_KEY = config("SECRET_KEY", default="f3a9c1e7b2d84c6a", cast=str)\n'), 'from decouple import config\nSECRET_KEY = config("SECRET_KEY", cast=str)\n');
      assert.strictEqual(await fixed('python', 'from decouple import config\nSECRET_KEY = config("SECRET_KEY", cast=str, default="f3a9c1e7b2d84c6a")\n'), 'from decouple import config\nSECRET_KEY = config("SECRET_KEY", cast=str)\n');
      assert.strictEqual(await fixed('python', 'app.config["SECRET_KEY"] = "f3a9c1e7b2d84c6a"\n'), 'import os\napp.config["SECRET_KEY"] = os.environ["SECRET_KEY"]\n');
    });

    it('offers no env fix where replacing the literal would be wrong', async () => {
      const none: Array<[ParsedLanguage, string]> = [
        ['javascript', "process.env.API_TOKEN = 'a8f5f167f44f4964e6c998dee827110c';\n"],
        ['python', 'os.environ["API_KEY"] = "a8f5f167f44f4964e6c998dee827110c"\n'],
        ['python', 'def connect(password="hunter2!x"):\n    pass\n'],
        ['javascript', "fetch(u, { headers: { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.Yq3c9Lw2kQ8v' } });\n"],
        ['javascript', "const config = 'DATABASE_URL=postgres://app:S3cret@db/app\\nDEBUG=0';\n"],
        ['javascript', `const doc = { key: 'pem: -----BEGIN PRIVATE KEY-----\\n${PEM_BODY}\\n-----END PRIVATE KEY-----' };\n`],
        ['typescript', `enum Keys { Stripe = '${KEYS.stripe}' }\n`],
      ];
      for (const [language, text] of none) {
        const f = await only(language, text);
        assert.deepStrictEqual(f.fixes, [], text);
      }
    });
  });

  describe('performance', () => {
    // No timing assertions here (speed is measured by `npm run bench`): a catastrophic regex would blow mocha's
    // 20 s timeout, so finishing at all is the check.
    it('finishes on 100 KB adversarial strings', () => {
      const inputs = [
        'a://'.repeat(25_000),
        `postgres://${'u:'.repeat(50_000)}`,
        `sk-${'a'.repeat(100_000)}`,
        'sk-'.repeat(33_000),
        `-----BEGIN PRIVATE KEY-----${'A'.repeat(100_000)}`,
        '-----BEGIN PRIVATE KEY-----'.repeat(3_000),
        `x-${'a-'.repeat(50_000)}!`,
        `input${'[a=b]'.repeat(20_000)}!`,
        `${'a.'.repeat(50_000)}!`,
        `${'ab_'.repeat(33_000)}!`,
        'Bearer '.padEnd(100_000, 'A'),
      ];
      for (const s of inputs) {
        findProviderKey(s);
        findPrivateKey(s);
        findUrlPassword(s);
        classifyValue(s, 'password');
        isPlaceholder(s);
        namesItself(s, 'password');
      }
    });

    it('analyses a file with a 100 KB string line', async () => {
      const code = Array.from({ length: 2000 }, (_, i) => `const value${i} = compute(${i}, 'label-${i}');`).join('\n');
      const text = `${code}\nconst blob = '${'ab_:'.repeat(25_000)}';\n`;
      assert.deepStrictEqual(await findings('javascript', text), []);
    });
  });
});
