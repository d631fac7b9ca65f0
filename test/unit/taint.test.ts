import * as assert from 'assert';
import { Engine } from '../../src/core/engine';
import { Parsers } from '../../src/core/parser';
import type { Rule, RuleContext } from '../../src/core/rules/api';
import { calleeName, positionalArgs } from '../../src/core/rules/api';
import { requestSource, type SinkKind } from '../../src/core/rules/taint';
import type { ParsedLanguage } from '../../src/core/types';
import { nodeWasmSource } from '../../src/cli/wasm';
import type { Node } from 'web-tree-sitter';

/**
 * A probe rule: every call `sink(x)` / `sink_path(x)` / `sink_html(x)` ... reports requestSource(x) for that sink kind
 * (or "clean"), so each test reads as the code a rule would see.
 */
function probe(call: Node, ctx: RuleContext): void {
  const name = calleeName(call);
  const m = name ? /^sink(?:_(\w+))?$/.exec(name) : null;
  if (!m) return;
  const arg = positionalArgs(call)[0];
  if (!arg) return;
  ctx.report(call, { message: requestSource(arg, ctx, (m[1] ?? 'any') as SinkKind) ?? 'clean' });
}

const PROBE: Rule = {
  id: 'probe', title: 'probe', cwe: [], severity: 'low', confidence: 'low', languages: ['javascript', 'typescript', 'python'], summary: '', help: '',
  visitors: { javascript: { call_expression: probe }, typescript: { call_expression: probe }, tsx: { call_expression: probe }, python: { call: probe } },
};

let eng: Engine | undefined;
async function labels(language: ParsedLanguage, text: string): Promise<string[]> {
  eng ??= new Engine(new Parsers(nodeWasmSource(__dirname)), [PROBE]);
  const r = await eng.analyze({ text, language });
  return r.findings.map((f) => f.message);
}

const js = (body: string) => `const express = require('express');\nconst app = express();\napp.get('/x', async (req, res) => {\n${body}\n});\n`;

describe('request taint (taint.ts)', () => {
  describe('JavaScript sources', () => {
    it('labels request members and stops at constants', async () => {
      assert.deepStrictEqual(await labels('javascript', js('sink(req.query.file);\nsink(req.body);\nsink("x");\nsink(req.method);')), ['req.query.file', 'req.body', 'clean', 'clean']);
    });

    it('treats the first parameter of a route callback as the request whatever its name', async () => {
      const out = await labels('javascript', "router.post('/u', (r, s) => { sink(r.body.name); sink(s.locals.x); });\nfunction helper(r) { sink(r.body); }\n");
      assert.deepStrictEqual(out, ['r.body.name', 'clean', 'clean']);
    });

    it('follows declarations, destructuring, templates, concatenation and pass-through calls', async () => {
      const out = await labels('javascript', js([
        'const { id, sort: order } = req.query;',
        'const { query: { next } } = req;',
        'const name = req.params.name.trim();',
        'const p = path.join(ROOT, name);',
        'const msg = `hello ${String(id)}`;',
        'sink(id); sink(order); sink(next); sink(p); sink(msg); sink("a" + decodeURIComponent(next));',
      ].join('\n')));
      assert.deepStrictEqual(out, ['req.query.id', 'req.query.sort', 'req.query.next', 'req.params.name', 'req.query.id', 'req.query.next']);
    });

    it('does not follow arbitrary calls (intra-procedural) and is quiet on locals named like sources', async () => {
      const out = await labels('javascript', js('const row = await db.lookup(req.query.id);\nsink(row);\nconst r2 = 5;\nsink(r2);')) ;
      assert.deepStrictEqual(out, ['clean', 'clean']);
      assert.deepStrictEqual(await labels('javascript', "const request = require('request');\nsink(request.body);\n"), ['clean']);
    });

    it('knows Koa, Next.js, Lambda, browser and postMessage sources', async () => {
      assert.deepStrictEqual(await labels('javascript', "router.get('/k', async (ctx) => { sink(ctx.request.body.url); sink(ctx.query.q); sink(ctx.body); });"), ['ctx.request.body.url', 'ctx.query.q', 'clean']);
      assert.deepStrictEqual(
        await labels('typescript', 'export async function GET(request: Request) {\n  const { searchParams } = new URL(request.url);\n  sink(searchParams.get("next"));\n  const body = await request.json();\n  sink(body.url);\n}\n'),
        ['request.url.searchParams', 'request.json()'],
      );
      assert.deepStrictEqual(await labels('javascript', 'exports.handler = async (event) => { sink(event.queryStringParameters.file); sink(JSON.parse(event.body).url); };'), ['event.queryStringParameters.file', 'event.body']);
      assert.deepStrictEqual(
        await labels('javascript', "const params = new URLSearchParams(window.location.search);\nsink(params.get('next'));\nsink(location.hash);\nwindow.addEventListener('message', (e) => { sink(e.data); });\ndocument.addEventListener('click', (e) => { sink(e.data); });\nsink(process.argv[2]);"),
        ['window.location.search', 'location.hash', 'e.data', 'clean', 'process.argv'],
      );
    });
  });

  describe('sanitisers and guards', () => {
    it('applies sanitisers per sink kind', async () => {
      const out = await labels('javascript', js('const f = req.query.f;\nsink_path(path.basename(f));\nsink_html(path.basename(f));\nsink_nosql(String(f));\nsink_path(String(f));\nsink(Number(f));\nsink_html(encodeURIComponent(f));\nsink_path(f);'));
      assert.deepStrictEqual(out, ['clean', 'req.query.f', 'clean', 'req.query.f', 'clean', 'clean', 'req.query.f']);
    });

    it('accepts resolve + startsWith(root) for paths and allow-lists for everything', async () => {
      const guardedPath = js("const full = path.resolve(ROOT, req.query.f);\nif (!full.startsWith(ROOT + path.sep)) return res.sendStatus(403);\nsink_path(full);");
      assert.deepStrictEqual(await labels('javascript', guardedPath), ['clean']);
      const unguarded = js('const full = path.resolve(ROOT, req.query.f);\nsink_path(full);');
      assert.deepStrictEqual(await labels('javascript', unguarded), ['req.query.f']);
      const allow = js("const { sort } = req.query;\nif (!ALLOWED.includes(sort)) return res.sendStatus(400);\nsink(sort);");
      assert.deepStrictEqual(await labels('javascript', allow), ['clean']);
    });

    it('accepts project validators named for the sink (isSafeRedirect, is_allowed_host, isPathInside)', async () => {
      const code = js("const next = req.query.next;\nif (!isSafeRedirect(next)) return res.redirect('/');\nsink_redirect(next);\nsink_url(next);\nif (!isValidUrl(req.query.u)) return;\nsink_url(req.query.u);");
      assert.deepStrictEqual(await labels('javascript', code), ['clean', 'req.query.next', 'req.query.u']);
    });

    it('accepts relative-path checks for redirects only', async () => {
      const code = js("const next = req.query.next;\nif (next.startsWith('/') && !next.startsWith('//')) sink_redirect(next);\nsink_url(next);");
      assert.deepStrictEqual(await labels('javascript', code), ['clean', 'req.query.next']);
    });
  });

  describe('Python', () => {
    it('labels Flask/Django request data and follows f-strings, %, .format and str()', async () => {
      const out = await labels('python', [
        'from flask import Flask, request',
        'app = Flask(__name__)',
        '@app.route("/f")',
        'def f():',
        '    name = request.args.get("name", "")',
        '    data = request.get_json()',
        '    sink(name)',
        '    sink(data["url"])',
        '    sink(f"/srv/{name}")',
        '    sink("x %s" % request.form["q"])',
        '    sink("{}".format(str(request.cookies.get("c"))))',
        '    sink(request.method)',
        '    sink(len(name))',
        '',
      ].join('\n'));
      assert.deepStrictEqual(out, ['request.args.get("name", "")', 'request.get_json()', 'request.args.get("name", "")', 'request.form["q"]', 'request.cookies.get("c")', 'clean', 'clean']);
    });

    it('treats route view parameters as sources, but not injected dependencies', async () => {
      const out = await labels('python', [
        'from fastapi import FastAPI, Depends',
        'app = FastAPI()',
        '@app.get("/items/{item_id}")',
        'def read(item_id: str, q: str = None, db: Session = Depends(get_db)):',
        '    sink(item_id)',
        '    sink(q)',
        '    sink(db)',
        '',
        'def helper(item_id):',
        '    sink(item_id)',
        '',
        'def download(request, filename):',
        '    sink(filename)',
        '    sink(request.GET.get("next"))',
        '',
      ].join('\n'));
      assert.deepStrictEqual(out, ['route parameter item_id', 'route parameter q', 'clean', 'clean', 'route parameter filename', 'request.GET.get("next")']);
    });

    it('knows input(), sys.argv, Lambda events and Python sanitisers', async () => {
      const out = await labels('python', [
        'import os, sys',
        'def lambda_handler(event, context):',
        '    sink(event["queryStringParameters"]["file"])',
        '    sink(json.loads(event["body"]))',
        '    sink(input("x"))',
        '    sink(sys.argv[1])',
        '    name = event["pathParameters"]["name"]',
        '    sink_path(os.path.basename(name))',
        '    sink_path(secure_filename(name))',
        '    sink_html(markupsafe.escape(name))',
        '    sink(int(name))',
        '    if name in ALLOWED:',
        '        sink(name)',
        '',
      ].join('\n'));
      assert.deepStrictEqual(out, ['event["queryStringParameters"]["file"]', 'event["body"]', 'input()', 'sys.argv', 'clean', 'clean', 'clean', 'clean', 'clean']);
    });
  });

  it('never throws on broken code', async () => {
    const out = await labels('javascript', "app.get('/x', (req, res) => { sink(req.query.; sink(`${req.body.a}`)");
    assert.ok(Array.isArray(out));
  });
});
