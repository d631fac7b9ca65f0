import * as assert from 'assert';
import { generateCorpus, generateLargeFile, type CorpusFile } from '../../scripts/bench/corpus';
import { engine } from './helpers';

// The benchmark corpus (npm run bench) must be the same on every run and look like a real mixed code base.
describe('bench corpus generator', () => {
  let corpus: CorpusFile[];
  before(() => {
    corpus = generateCorpus();
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const again = generateCorpus();
    assert.deepStrictEqual(
      again.map((f) => [f.path, f.text]),
      corpus.map((f) => [f.path, f.text]),
    );
    const other = generateCorpus({ seed: 99, minLines: 5000 });
    assert.notDeepStrictEqual(
      other.slice(0, 5).map((f) => f.text),
      corpus.slice(0, 5).map((f) => f.text),
    );
  });

  it('has at least 100k lines in many files of varied size, with unique paths', () => {
    const lines = corpus.reduce((n, f) => n + f.lines, 0);
    assert.ok(lines >= 100_000, `${lines} lines`);
    assert.ok(corpus.length >= 200, `${corpus.length} files`);
    assert.strictEqual(new Set(corpus.map((f) => f.path)).size, corpus.length);
    for (const f of corpus) {
      assert.strictEqual(f.lines, f.text.split('\n').length - 1, f.path);
      assert.ok(f.lines >= 20 && f.lines <= 1600, `${f.path}: ${f.lines} lines`);
    }
    const sizes = corpus.map((f) => f.lines).sort((a, b) => a - b);
    assert.ok(sizes[Math.floor(sizes.length / 2)] < 300, 'most files are small or medium');
    assert.ok(sizes.filter((n) => n > 800).length >= 10, 'some files are large');
  });

  it('mixes JavaScript (with JSX), TypeScript, TSX and Python', () => {
    const total = corpus.reduce((n, f) => n + f.lines, 0);
    const share = (lang: string) => corpus.filter((f) => f.language === lang).reduce((n, f) => n + f.lines, 0) / total;
    for (const lang of ['javascript', 'typescript', 'tsx', 'python']) assert.ok(share(lang) >= 0.08, `${lang}: ${(share(lang) * 100).toFixed(1)}%`);
    assert.ok(corpus.some((f) => f.path.endsWith('.jsx') && /<\w+[\s>]/.test(f.text)), 'JSX in .jsx files');
    assert.ok(corpus.some((f) => f.path.endsWith('.tsx') && /useState</.test(f.text)), 'typed React components');
    assert.ok(corpus.some((f) => f.language === 'python' && /@router\.get\(/.test(f.text)), 'FastAPI routes');
    assert.ok(corpus.some((f) => f.language === 'python' && /models\.Model\)/.test(f.text)), 'Django models');
    for (const f of corpus) assert.strictEqual(f.language === 'python', f.path.endsWith('.py'), f.path);
  });

  it('plants insecure patterns in some files, not in most', () => {
    const share = corpus.filter((f) => f.planted.length).length / corpus.length;
    assert.ok(share > 0.1 && share < 0.35, `${(share * 100).toFixed(1)}% of files`);
  });

  it('produces code tree-sitter parses without errors (sample, and the large keystroke files)', async () => {
    const sample = corpus.filter((_, i) => i % 12 === 0);
    for (const f of sample) {
      const r = await engine().analyze({ text: f.text, language: f.language });
      assert.strictEqual(r.parseErrors, 0, f.path);
    }
    for (const language of ['javascript', 'typescript', 'python'] as const) {
      const text = generateLargeFile(language, 2000);
      assert.ok(text.split('\n').length > 2000);
      assert.strictEqual((await engine().analyze({ text, language })).parseErrors, 0, language);
    }
  });
});
