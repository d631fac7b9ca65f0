import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Engine, EngineOptions } from '../core/engine';
import { languageFromPath, textKindFromPath } from '../core/languages';
import type { AnalysisResult } from '../core/types';
import type { LineSpan } from '../core/focus';
import { ALL_COMMENT_STYLES } from '../core/provenance/comments';
import { scanMarkers } from '../core/provenance/format';
import { ioMessage, toPosix } from './walk';

/** What scanning one file gave: its analysis, or why it could not be read. */
export type FileOutcome = { readonly kind: 'result'; readonly result: AnalysisResult; readonly aiBlocks?: readonly LineSpan[] } | { readonly kind: 'error'; readonly message: string } | { readonly kind: 'unsupported' };

/** Reads and analyses one file (the same steps in-process and in a worker); `cwd` makes the path reports show. */
export async function scanFile(engine: Engine, abs: string, options: EngineOptions, cwd: string): Promise<FileOutcome> {
  const language = languageFromPath(abs);
  const textKind = language ? undefined : textKindFromPath(abs);
  if (!language && !textKind) return { kind: 'unsupported' };
  let text: string;
  try {
    text = await fs.readFile(abs, 'utf8'); // binary content is recognised (and skipped) by the engine's precheck
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a BOM would shift every column on line 1
  } catch (e) {
    return { kind: 'error', message: ioMessage(e, 'cannot read file') };
  }
  const rel = toPosix(path.relative(cwd, abs)) || path.basename(abs);
  const result = await engine.analyze({ text, language, textKind, path: rel }, options);
  return { kind: 'result', result, ...(result.skipped ? {} : aiBlocksOf(text)) };
}

/** Lines of the provenance-tagged blocks in `text` (markers included): findings there are reported as in AI code. */
function aiBlocksOf(text: string): { aiBlocks?: LineSpan[] } {
  if (!text.includes('ai-provenance:begin')) return {};
  const blocks = scanMarkers(text, ALL_COMMENT_STYLES).regions.map((r) => ({ start: r.beginLine, end: r.endLine }));
  return blocks.length ? { aiBlocks: blocks } : {};
}

/** Worker threads used when `--jobs` is not given: one per CPU, at most 4. */
export function defaultJobs(): number {
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cpus));
}

/** Below this many files a scan stays in-process (starting a worker costs more than it saves). */
export const MIN_FILES_FOR_WORKERS = 8;

const WORKER_TAG = 'vetted-scan-worker';
/** Files handed to a worker at a time (small, so the slowest file does not hold the others back). */
const BATCH = 4;

interface Batch {
  readonly type: 'scan';
  readonly files: ReadonlyArray<{ readonly index: number; readonly abs: string }>;
}
interface Done {
  readonly type: 'done';
  readonly outcomes: ReadonlyArray<{ readonly index: number; readonly outcome: FileOutcome }>;
}

/**
 * Analyses `files` on `jobs` worker threads, each with its own Engine; outcomes come back in the order of `files`,
 * so the report is identical to an in-process scan.
 */
export async function scanInWorkers(files: readonly string[], jobs: number, options: EngineOptions, cwd: string): Promise<FileOutcome[]> {
  const { Worker } = await import('worker_threads');
  const outcomes: Array<FileOutcome | undefined> = new Array(files.length);
  let next = 0;
  const count = Math.max(1, Math.min(jobs, Math.ceil(files.length / BATCH)));
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(__filename, { workerData: { tag: WORKER_TAG, options, cwd } });
        const feed = () => {
          if (next >= files.length) {
            void worker.terminate();
            resolve();
            return;
          }
          const batch: Batch = { type: 'scan', files: files.slice(next, next + BATCH).map((abs, i) => ({ index: next + i, abs })) };
          next += batch.files.length;
          worker.postMessage(batch);
        };
        worker.on('message', (msg: Done) => {
          for (const { index, outcome } of msg.outcomes) outcomes[index] = outcome;
          feed();
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (code !== 0 && next < files.length) reject(new Error(`a scan worker stopped (exit code ${code})`));
        });
        feed();
      }),
    ),
  );
  return outcomes.map((o, i) => o ?? { kind: 'error', message: `not scanned (${files[i]})` });
}

/** True in a scan worker thread (the CLI bundle must then not run a scan of its own). */
export function isScanWorker(): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const threads = require('worker_threads') as typeof import('worker_threads');
  return !threads.isMainThread && threads.workerData?.tag === WORKER_TAG;
}

/** Worker side: analyse each batch the main thread sends. Started by the CLI bundle when run as a worker. */
export function maybeRunWorker(): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const threads = require('worker_threads') as typeof import('worker_threads');
  if (threads.isMainThread || threads.workerData?.tag !== WORKER_TAG) return false;
  const options = threads.workerData.options as EngineOptions;
  const cwd = threads.workerData.cwd as string;
  const port = threads.parentPort!;
  // loaded here, not at the top: the main thread of a one-file scan does not need them
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Engine } = require('../core/engine') as typeof import('../core/engine');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Parsers } = require('../core/parser') as typeof import('../core/parser');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { nodeWasmSource } = require('./wasm') as typeof import('./wasm');
  const engine = new Engine(new Parsers(nodeWasmSource()));
  port.on('message', (msg: Batch) => {
    void (async () => {
      const out: Array<{ index: number; outcome: FileOutcome }> = [];
      for (const f of msg.files) {
        let outcome: FileOutcome;
        try {
          outcome = await scanFile(engine, f.abs, options, cwd);
        } catch (e) {
          outcome = { kind: 'error', message: `analysis failed: ${e instanceof Error ? e.message : String(e)}` };
        }
        out.push({ index: f.index, outcome });
      }
      const done: Done = { type: 'done', outcomes: out };
      port.postMessage(done);
    })();
  });
  return true;
}

maybeRunWorker();
