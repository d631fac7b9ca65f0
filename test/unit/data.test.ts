import * as assert from 'assert';
import type { Finding, ParsedLanguage } from '../../src/core/types';
import { applyEdits, findings, preferredFix } from './helpers';

/** Findings of one rule in `text` (other rules' findings are ignored). */
async function of(ruleId: string, language: ParsedLanguage, text: string): Promise<Finding[]> {
  return (await findings(language, text)).filter((f) => f.ruleId === ruleId);
}

async function only(ruleId: string, language: ParsedLanguage, text: string): Promise<Finding> {
  const found = await of(ruleId, language, text);
  assert.strictEqual(found.length, 1, `expected one ${ruleId} finding, got ${found.length}:\n${text}`);
  return found[0];
}

async function none(ruleId: string, language: ParsedLanguage, text: string): Promise<void> {
  const found = await of(ruleId, language, text);
  assert.deepStrictEqual(found.map((f) => `${f.range.start.line + 1}: ${f.message}`), [], `expected no ${ruleId} finding:\n${text}`);
}

/** Applies the preferred fix of the only finding of `ruleId`, checks every finding is gone, returns the fixed text. */
async function fixed(ruleId: string, language: ParsedLanguage, text: string): Promise<string> {
  const fix = preferredFix(await only(ruleId, language, text));
  assert.ok(fix, 'finding has a preferred fix');
  const out = applyEdits(text, fix.edits);
  const after = await findings(language, out);
  assert.deepStrictEqual(after.map((f) => f.ruleId), [], `fix should clear the finding:\n${out}`);
  return out;
}

describe('unsafe-deserialization', () => {
  it('fixes yaml.load(x) with yaml.safe_load(x)', async () => {
    const out = await fixed('unsafe-deserialization', 'python', 'import yaml\n\n\ndef load(request):\n    return yaml.load(request.data)\n');
    assert.ok(out.includes('return yaml.safe_load(request.data)'), out);
  });

  it('fixes yaml.load(x, Loader=yaml.FullLoader) and load_all, keeping the module alias', async () => {
    const out = await fixed('unsafe-deserialization', 'python', 'import yaml as y\n\n\ndef load(stream):\n    return list(y.load_all(stream, Loader=y.FullLoader))\n');
    assert.ok(out.includes('list(y.safe_load_all(stream))'), out);
  });

  it('offers no mechanical fix for pickle.loads', async () => {
    const f = await only('unsafe-deserialization', 'python', 'import pickle\n\n\ndef restore(blob):\n    return pickle.loads(blob)\n');
    assert.strictEqual(f.fixes.length, 0);
  });

  it('resolves import aliases (import pickle as pkl, from pickle import loads)', async () => {
    await only('unsafe-deserialization', 'python', 'import pickle as pkl\n\n\ndef restore(blob):\n    return pkl.loads(blob)\n');
    await only('unsafe-deserialization', 'python', 'from pickle import loads\n\n\ndef restore(blob):\n    return loads(blob)\n');
  });

  it('does not flag SafeLoader, custom loaders, ruamel YAML() or constant documents', async () => {
    await none('unsafe-deserialization', 'python', 'import yaml\n\n\ndef load(s):\n    a = yaml.load(s, Loader=yaml.CSafeLoader)\n    b = yaml.load(s, Loader=ConfigLoader)\n    return a, b, yaml.load("a: 1")\n');
    await none('unsafe-deserialization', 'python', 'from ruamel.yaml import YAML\n\nyaml = YAML()\n\n\ndef load(f):\n    return yaml.load(f)\n');
  });

  it('treats pickles read from a path the program builds as trusted, and a path from input as not', async () => {
    const base = 'import os\nimport pickle\n\nHERE = os.path.dirname(os.path.abspath(__file__))\n\n\n';
    await none('unsafe-deserialization', 'python', `${base}def load():\n    with open(os.path.join(HERE, "model.pkl"), "rb") as f:\n        return pickle.load(f)\n`);
    await only('unsafe-deserialization', 'python', `${base}def load(request):\n    with open(os.path.join(HERE, request.args["name"]), "rb") as f:\n        return pickle.load(f)\n`);
  });

  it('needs node-serialize to be imported before flagging unserialize', async () => {
    await none('unsafe-deserialization', 'javascript', "const php = require('php-serialize');\nconst data = php.unserialize(req.body.data);\n");
  });
});

describe('xml-external-entities', () => {
  it('flags lxml parsers that resolve entities, not the defaults or hardened parsers', async () => {
    await only('xml-external-entities', 'python', 'from lxml import etree\n\nparser = etree.XMLParser(resolve_entities=True)\n');
    await none('xml-external-entities', 'python', 'from lxml import etree\n\np1 = etree.XMLParser()\np2 = etree.XMLParser(load_dtd=True, resolve_entities=False)\n');
  });
});

describe('weak-hash', () => {
  it('reports a fast hash of a password as high severity (CWE-916)', async () => {
    const f = await only('weak-hash', 'python', 'import hashlib\n\n\ndef save(user, password):\n    user.pw = hashlib.sha256(password.encode()).hexdigest()\n');
    assert.strictEqual(f.severity, 'high');
    assert.match(f.message, /CWE-916/);
    assert.ok(f.cwe.includes('CWE-916'));
  });

  it('reports a password hash function by its name when it hashes its parameter', async () => {
    const f = await only('weak-hash', 'python', 'import hashlib\n\n\ndef hash_password(p):\n    return hashlib.sha512(p.encode()).hexdigest()\n');
    assert.strictEqual(f.severity, 'high');
  });

  it('reports MD5/SHA-1 for tokens and signatures as medium (CWE-328)', async () => {
    const f = await only('weak-hash', 'javascript', "const crypto = require('crypto');\nfunction sign(body, secret) {\n  return crypto.createHash('sha1').update(body + secret).digest('hex');\n}\n");
    assert.strictEqual(f.severity, 'medium');
    assert.match(f.message, /CWE-328/);
  });

  it('resolves the algorithm through a constant', async () => {
    await only('weak-hash', 'javascript', "const crypto = require('crypto');\nconst ALG = 'md5';\nconst token = crypto.createHash(ALG).update(`${user.id}:${Date.now()}`).digest('hex');\n");
  });

  it('skips non-security uses: usedforsecurity=False, ETags, cache keys, checksums, reset-token digests', async () => {
    await none('weak-hash', 'python', 'import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data, usedforsecurity=False).hexdigest()\n');
    await none('weak-hash', 'python', 'import hashlib\n\n\ndef cache_key(url):\n    return hashlib.md5(url.encode()).hexdigest()\n');
    await none('weak-hash', 'javascript', "const crypto = require('crypto');\nconst etag = crypto.createHash('md5').update(html).digest('hex');\n");
    await none('weak-hash', 'javascript', "const crypto = require('crypto');\nuser.passwordResetToken = crypto.createHash('sha256').update(resetToken).digest('hex');\n");
  });

  it('does not flag SHA-256 of non-password data, HMAC or Have I Been Pwned range lookups', async () => {
    await none('weak-hash', 'javascript', "const crypto = require('crypto');\nconst digest = crypto.createHash('sha256').update(apiKey).digest('hex');\nconst mac = crypto.createHmac('sha1', secret).update(body).digest('hex');\n");
    await none('weak-hash', 'python', 'import hashlib\nimport requests\n\n\ndef is_pwned(password):\n    digest = hashlib.sha1(password.encode()).hexdigest().upper()\n    return digest[5:] in requests.get(f"https://api.pwnedpasswords.com/range/{digest[:5]}").text\n');
  });

  it('flags a bcrypt cost below 10 through a constant, not 10 or more', async () => {
    const f = await only('weak-hash', 'javascript', "const bcrypt = require('bcrypt');\nconst ROUNDS = 6;\nconst hash = await bcrypt.hash(password, ROUNDS);\n");
    assert.match(f.message, /cost 6/);
    await none('weak-hash', 'javascript', "const bcrypt = require('bcrypt');\nconst hash = await bcrypt.hash(password, 12);\nconst salt = bcrypt.genSaltSync(10);\n");
    await only('weak-hash', 'python', 'import bcrypt\n\nsalt = bcrypt.gensalt(4)\n');
  });
});

describe('insecure-random', () => {
  it('replaces a Math.random().toString(36) token with crypto.randomUUID()', async () => {
    const out = await fixed('insecure-random', 'javascript', 'const sessionToken = Math.random().toString(36).slice(2);\n');
    assert.strictEqual(out, 'const sessionToken = crypto.randomUUID();\n');
  });

  it('offers no UUID fix when Math.random is only part of the value', async () => {
    const f = await only('insecure-random', 'javascript', 'const resetCode = Math.floor(100000 + Math.random() * 900000);\n');
    assert.strictEqual(preferredFix(f), undefined);
  });

  it('replaces random.choice over a string alphabet with secrets.choice and imports secrets', async () => {
    const text = '"""Tokens."""\nimport random\nimport string\n\n\ndef make_token(n=32):\n    return "".join(random.choice(string.ascii_letters + string.digits) for _ in range(n))\n';
    const out = await fixed('insecure-random', 'python', text);
    assert.ok(out.startsWith('"""Tokens."""\nimport secrets\nimport random\n'), out);
    assert.ok(out.includes('"".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(n))'), out);
  });

  it('offers no secrets.choice fix for random.choices or a list of words', async () => {
    const a = await only('insecure-random', 'python', 'import random\nimport string\n\napi_key = "".join(random.choices(string.hexdigits, k=40))\n');
    assert.strictEqual(a.fixes.length, 0);
  });

  it('judges a generic helper by what its callers store', async () => {
    const helper = 'function randomString(n) {\n  let s = "";\n  while (s.length < n) s += Math.random().toString(36).slice(2);\n  return s.slice(0, n);\n}\n';
    await only('insecure-random', 'javascript', `${helper}const inviteToken = randomString(24);\n`);
    await none('insecure-random', 'javascript', `${helper}const filename = randomString(8) + '.png';\n`);
  });

  it('does not flag timing, colours, React keys, demo data or SystemRandom', async () => {
    await none('insecure-random', 'javascript', 'async function refreshToken() {\n  const jitter = Math.random() * 200;\n  await sleep(500 + jitter);\n}\nconst colour = `hsl(${Math.random() * 360}, 80%, 60%)`;\n');
    await none('insecure-random', 'tsx', 'export const List = ({ items }: { items: string[] }) => <ul>{items.map((i) => <li key={Math.random()}>{i}</li>)}</ul>;\n');
    await none('insecure-random', 'python', 'import random\n\n\ndef make_fake_users():\n    return [{"password": random.choice(["a", "b"])} for _ in range(3)]\n\n\nrng = random.SystemRandom()\ntoken = "".join(rng.choice("abc") for _ in range(8))\n');
  });
});

describe('weak-cipher', () => {
  it('does not flag an IV filled with random bytes after allocation', async () => {
    await none('weak-cipher', 'javascript', "const crypto = require('crypto');\nconst iv = new Uint8Array(12);\ncrypto.getRandomValues(iv);\nconst c = crypto.createCipheriv('aes-256-gcm', key, iv);\n");
  });

  it('flags a constant Python IV passed positionally', async () => {
    await only('weak-cipher', 'python', 'from Crypto.Cipher import AES\n\nIV = "0000000000000000".encode()\ncipher = AES.new(key, AES.MODE_CBC, IV)\n');
  });
});

describe('error-details-leak', () => {
  it('reports stack traces with high confidence and messages with medium', async () => {
    const stack = await only('error-details-leak', 'javascript', "app.use((err, req, res, next) => {\n  res.status(500).send(err.stack);\n});\n");
    assert.strictEqual(stack.confidence, 'high');
    const message = await only('error-details-leak', 'javascript', "app.get('/x', async (req, res) => {\n  try {\n    await run();\n  } catch (e) {\n    res.status(500).json({ error: e.message });\n  }\n});\n");
    assert.strictEqual(message.confidence, 'medium');
  });

  it('allows messages sent with a 4xx status, but never stack traces', async () => {
    await none('error-details-leak', 'javascript', "app.post('/x', async (req, res) => {\n  try {\n    await run();\n  } catch (e) {\n    res.status(422).json({ error: e.message });\n  }\n});\n");
    await only('error-details-leak', 'javascript', "app.post('/x', async (req, res) => {\n  try {\n    await run();\n  } catch (e) {\n    res.status(400).json({ error: e.message, stack: e.stack });\n  }\n});\n");
  });

  it('allows details sent only in development', async () => {
    await none('error-details-leak', 'javascript', "app.use((err, req, res, next) => {\n  if (process.env.NODE_ENV !== 'production') {\n    return res.status(500).json({ stack: err.stack });\n  }\n  res.status(500).json({ error: 'Internal error' });\n});\n");
    await none('error-details-leak', 'python', 'from flask import jsonify\n\n\n@app.errorhandler(Exception)\ndef handle(e):\n    if app.debug:\n        return jsonify(error=str(e)), 500\n    return jsonify(error="Internal error"), 500\n');
  });

  it('does not flag errors that are only logged or passed to next(err)', async () => {
    await none('error-details-leak', 'javascript', "app.get('/x', async (req, res, next) => {\n  try {\n    res.json(await run());\n  } catch (err) {\n    console.error(err.stack);\n    next(err);\n  }\n});\n");
    await none('error-details-leak', 'python', 'import logging\n\n\n@app.get("/x")\ndef x():\n    try:\n        return run()\n    except Exception as e:\n        logging.exception("failed: %s", e)\n        return {"error": "Internal error"}, 500\n');
  });

  it('follows one local variable: message = str(e) then returned', async () => {
    await only('error-details-leak', 'python', 'from flask import jsonify\n\n\n@app.route("/x")\ndef x():\n    try:\n        return run()\n    except Exception as e:\n        message = f"failed: {e}"\n        return jsonify(error=message), 500\n');
  });

  it('does not treat a return from a plain helper as a response', async () => {
    await none('error-details-leak', 'python', 'def parse(text):\n    try:\n        return int(text)\n    except ValueError as e:\n        return {"error": str(e)}\n');
  });
});
