import * as assert from 'assert';
import * as languages from '../../src/core/languages';
import { ALL_RULES } from '../../src/core/rules/index';
import type { EngineOptions, DocumentInput } from '../../src/core/engine';
import type { ParsedLanguage } from '../../src/core/types';
import { expandFakes } from '../../scripts/corpus';
import { engine } from './helpers';

/**
 * Robustness: every rule runs (all rules enabled, minified/size skips off) over 100 KB single lines shaped to
 * trigger catastrophic regex backtracking or deep recursion, in every parsed language and in the contexts rules look
 * at (strings bound to secret names, SQL templates, HTML sinks, regex constructors, log calls, comments). Each
 * analysis must finish and still report a real finding planted in the same text. No timing assertions: the generous
 * mocha timeout only catches runaway cases.
 */
const UNLIMITED: EngineOptions = { maxFileSize: 64 * 1024 * 1024, maxLineLength: 64 * 1024 * 1024, rules: {} };
const N = 100 * 1024;

function fill(unit: string, length = N): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

function pseudoRandom(alphabet: string, length: number, seed = 7): string {
  let s = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out += alphabet[s % alphabet.length];
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Shapes, each about 100 KB on one line. */
export const SHAPES: Readonly<Record<string, string>> = {
  'run of a': fill('a'),
  'run of =': fill('='),
  'run of double quotes': fill('"'),
  'run of single quotes': fill("'"),
  'run of backticks': fill('`'),
  'run of backslashes': fill('\\'),
  'run of ${': fill('${'),
  "run of '+'": fill("'+'"),
  'string concatenation chain': fill("'a'+"),
  'identifier concatenation chain': fill('a+'),
  'member chain': fill('a.'),
  'call chain': fill('a()'),
  'JWT-like eyJ': 'eyJ' + pseudoRandom(B64.slice(0, 62) + '-_', N / 2) + '.' + pseudoRandom(B64.slice(0, 62) + '-_', N / 2 - 4),
  'repeated eyJ': fill('eyJ'),
  'base64-like': pseudoRandom(B64, N),
  'hex-like': pseudoRandom('0123456789abcdef', N),
  'nested parentheses': fill('(', N / 2) + fill(')', N / 2),
  'nested brackets': fill('[', N / 2) + fill(']', N / 2),
  'nested braces': fill('{', N / 2) + fill('}', N / 2),
  'unbalanced openers': fill('([{'),
  'repeated password=': fill('password='),
  'repeated password: "': fill('password: "'),
  'repeated key/value pairs': fill('secret=a&token=b&'),
  'repeated Bearer': fill('Bearer '),
  'repeated connection string': fill('postgres://a:b@'),
  'repeated provider prefixes': fill('sk_live_AKIAghp_xoxb-'),
  'repeated PEM header': fill('-----BEGIN '),
  'repeated SQL': fill("SELECT * FROM t WHERE a = '"),
  'repeated HTML': fill('<a href="'),
  'repeated path segments': fill('../'),
  'repeated URL': fill('http://'),
  'whitespace and tabs': fill(' \t'),
  'alternating word and space': fill('a '),
  'accented letters': fill('\u00e9'),
  'astral characters': fill('\ud83d\ude00'),
  'format placeholders': fill('%s{}{0}'),
};

function escapeFor(quote: string, s: string): string {
  return s.replace(/\\/g, '\\\\').split(quote).join('\\' + quote);
}
function escapeTemplate(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}
function escapeFString(s: string): string {
  return escapeFor('"', s).replace(/\{/g, '{{').replace(/\}/g, '}}');
}

interface Case {
  readonly planted: string;
  /** Rule the planted line must be reported by. */
  readonly plantedRule: string;
  readonly lines: (s: string) => string[];
}

const JS_LIKE: Case = {
  planted: 'function handler(req) { eval(req.body.code); }',
  plantedRule: 'code-injection',
  lines: (s) => [
    s,
    `const password = '${escapeFor("'", s)}';`,
    `db.query(\`SELECT * FROM t WHERE x = '\${req.query.id}' ${escapeTemplate(s)}\`);`,
    `// ${s}`,
    `res.send("${escapeFor('"', s)}" + req.query.q);`,
    `el.innerHTML = "${escapeFor('"', s)}";`,
    `const re = new RegExp("${escapeFor('"', s)}");`,
    `app.use(cors({ origin: "${escapeFor('"', s)}" }));`,
    `logger.info("${escapeFor('"', s)}", req.body);`,
  ],
};

/** TypeScript and TSX share the JavaScript rules' visitors: the bare line and the two busiest contexts are enough there. */
const TS_LIKE: Case = { ...JS_LIKE, lines: (s) => JS_LIKE.lines(s).slice(0, 3) };

const CASES: Readonly<Record<ParsedLanguage, Case>> = {
  javascript: JS_LIKE,
  typescript: TS_LIKE,
  tsx: TS_LIKE,
  python: {
    planted: 'def handler(request):\n    return eval(request.args["code"])\n',
    plantedRule: 'code-injection',
    lines: (s) => [
      s,
      `password = "${escapeFor('"', s)}"`,
      `cursor.execute(f"SELECT * FROM t WHERE x = '{uid}' ${escapeFString(s)}")`,
      `# ${s}`,
      `requests.get("${escapeFor('"', s)}", verify=False)`,
      `pattern = re.compile("${escapeFor('"', s)}")`,
      `logger.info("${escapeFor('"', s)}", password)`,
      `subprocess.run("${escapeFor('"', s)}" + cmd, shell=True)`,
    ],
  },
};

async function analyse(doc: DocumentInput) {
  return engine().analyze(doc, UNLIMITED);
}

describe('adversarial input', function () {
  this.timeout(60_000);

  it('runs every rule (none is switched off by these options)', () => {
    assert.ok(ALL_RULES.length > 0);
    assert.deepStrictEqual(Object.keys(UNLIMITED.rules), []);
  });

  for (const language of Object.keys(CASES) as ParsedLanguage[]) {
    const c = CASES[language];
    describe(language, () => {
      for (const [name, shape] of Object.entries(SHAPES)) {
        it(`${name}: finishes and still reports the planted finding`, async () => {
          const text = [c.planted, ...c.lines(shape), ''].join('\n');
          const result = await analyse({ text, language });
          assert.strictEqual(result.skipped, undefined);
          const planted = result.findings.filter((f) => f.ruleId === c.plantedRule && f.range.start.line <= 1);
          assert.ok(planted.length > 0, `planted ${c.plantedRule} finding not reported; got ${[...new Set(result.findings.map((f) => f.ruleId))].join(', ')}`);
        });
      }
    });
  }

  it('a 2 MB minified bundle: finishes and reports the planted eval and innerHTML', async () => {
    const text = minifiedBundle(2 * 1024 * 1024);
    assert.ok(text.length >= 2 * 1024 * 1024);
    const result = await analyse({ text, language: 'javascript' });
    assert.strictEqual(result.skipped, undefined);
    const ids = new Set(result.findings.map((f) => f.ruleId));
    assert.ok(ids.has('code-injection'), `got ${[...ids].join(', ')}`);
    assert.ok(ids.has('xss-html-sink'), `got ${[...ids].join(', ')}`);
  });

  it('plain-text secrets scanning (.env): finishes on adversarial values and still reports a planted key', async function () {
    // Looked up dynamically: text scanning (`textKindFromPath`, `DocumentInput.textKind`) may not exist in this build.
    const textKindFromPath = (languages as Record<string, unknown>).textKindFromPath as ((p: string) => string | undefined) | undefined;
    const doc = (text: string) => ({ text, language: undefined, textKind: textKindFromPath?.('.env'), path: '.env' }) as DocumentInput;
    const probe = await engine().analyze(doc('A=1\n'), UNLIMITED);
    if (probe.skipped?.kind === 'unsupported-language') this.skip();
    for (const [name, shape] of Object.entries(SHAPES)) {
      const text = [expandFakes('STRIPE_SECRET_KEY=__VETTED_FAKE_STRIPE_LIVE__'), `PASSWORD=${shape}`, `API_TOKEN="${shape}"`, `# ${shape}`, shape, ''].join('\n');
      const result = await engine().analyze(doc(text), UNLIMITED);
      const planted = result.findings.filter((f) => f.ruleId === 'hardcoded-secret' && f.range.start.line === 0);
      assert.ok(planted.length > 0, `${name}: planted key not reported`);
    }
  });
});

/** Minified-looking JavaScript: one long line of webpack-style modules, with an eval and an innerHTML sink in the middle. */
function minifiedBundle(size: number): string {
  const parts: string[] = ['!function(){"use strict";var __m={};'];
  let length = parts[0].length;
  let i = 0;
  let planted = false;
  while (length < size) {
    const id = i.toString(36);
    const chunk =
      `__m["m${id}"]=function(e,t,n){var r=n(${i % 97}),o=r&&r.__esModule?r:{default:r};` +
      `function a${id}(i,s){for(var c=0,u=i.length;c<u;c++)if(!1===s(i[c],c))break;return i}` +
      `var l${id}={password:"",token:null,apiKey:void 0,label:"Passwort ${id}",re:/^[a-z0-9_-]{3,16}$/i,tpl:\`<b>\${t.name}</b>\`};` +
      `t.exports={each:a${id},cfg:l${id},q:function(x){return"SELECT * FROM t WHERE id = ?"},h:"${pseudoRandom(B64, 48, i + 1)}"};` +
      `document.querySelector("#n${id}")&&(document.querySelector("#n${id}").textContent=o.default.title||"");};`;
    parts.push(chunk);
    length += chunk.length;
    i++;
    if (!planted && length > size / 2) {
      const sink = 'window.__boot=function(){eval(window.name);document.getElementById("out").innerHTML=location.hash.slice(1)};';
      parts.push(sink);
      length += sink.length;
      planted = true;
    }
  }
  parts.push('}();\n');
  return parts.join('');
}
