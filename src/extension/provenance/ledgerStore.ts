import * as vscode from 'vscode';
import {
  LEDGER_PATH, appendRecords, entriesForFile, latestEntries, readLedger, toRecord, workspaceRelative,
  type LedgerEntry, type LedgerRecord,
} from '../../core/provenance/ledger';
import type { RegionMeta } from '../../core/provenance/types';
import { ledgerFsFor, ledgerPathOf } from './ledgerFs';

/** Where a document's ledger entries live: its workspace folder and its POSIX path relative to it. */
export interface LedgerLocation {
  readonly folder: vscode.WorkspaceFolder;
  readonly path: string;
}

export function locate(uri: vscode.Uri): LedgerLocation | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const path = workspaceRelative(folder.uri.path, uri.path);
  return path ? { folder, path } : undefined;
}

/**
 * The `.vetted/provenance.jsonl` of each workspace folder: appends go through one queue per folder (in order, never
 * two at once from this window), reads are cached until the file changes (a watcher drops the cache, so other windows'
 * appends are seen).
 */
export class LedgerStore implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<LedgerRecord[]>>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with the folder URI when that folder's ledger changed (our write or another window's). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel, private readonly version?: string) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${LEDGER_PATH}`);
    const drop = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) return;
      this.cache.delete(folder.uri.toString());
      this.changed.fire(folder.uri);
    };
    this.disposables.push(watcher, watcher.onDidChange(drop), watcher.onDidCreate(drop), watcher.onDidDelete(drop), this.changed);
  }

  /** All valid records of a folder's ledger (corrupt lines are logged and skipped). */
  records(folder: vscode.WorkspaceFolder): Promise<LedgerRecord[]> {
    const key = folder.uri.toString();
    let p = this.cache.get(key);
    if (!p) {
      const path = ledgerPathOf(folder.uri, LEDGER_PATH);
      p = readLedger(ledgerFsFor(folder.uri), path).then(
        (parsed) => {
          for (const problem of parsed.problems) this.log.warn(`${LEDGER_PATH}:${problem.line}: ${problem.message}`);
          return parsed.records;
        },
        (e: unknown) => {
          this.log.error(`could not read ${LEDGER_PATH} in ${folder.name}: ${e instanceof Error ? e.message : String(e)}`);
          this.cache.delete(key);
          return [];
        },
      );
      this.cache.set(key, p);
    }
    return p;
  }

  async entriesFor(uri: vscode.Uri): Promise<LedgerEntry[]> {
    const loc = locate(uri);
    if (!loc) return [];
    return entriesForFile(await this.records(loc.folder), loc.path);
  }

  /** The latest entry of a region id (tombstones included), or undefined. */
  async latest(folder: vscode.WorkspaceFolder, id: string): Promise<LedgerEntry | undefined> {
    return latestEntries(await this.records(folder), { includeRemoved: true }).get(id);
  }

  /** Append one snapshot (or tombstone) for a region of `uri`. Resolves when written; failures are logged. */
  append(uri: vscode.Uri, entry: { meta: RegionMeta; startLine: number; endLine: number; markers?: boolean; removed?: string; reviews?: LedgerEntry['reviews'] }): Promise<boolean> {
    const loc = locate(uri);
    if (!loc) {
      this.log.info(`provenance: ${uri.toString()} is outside the workspace folders; not recorded in the ledger`);
      return Promise.resolve(false);
    }
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const record = toRecord(
      {
        meta: entry.meta,
        path: loc.path,
        startLine: entry.startLine,
        endLine: entry.endLine,
        reviews: entry.reviews ?? [],
        ...(entry.removed ? { removed: { reason: entry.removed, at: now } } : {}),
        ...(entry.markers !== undefined ? { markers: entry.markers } : {}),
        timestamp: now,
      },
      { timestamp: now, toolVersion: this.version },
    );
    const key = loc.folder.uri.toString();
    const fs = ledgerFsFor(loc.folder.uri);
    const path = ledgerPathOf(loc.folder.uri, LEDGER_PATH);
    const run = (this.queues.get(key) ?? Promise.resolve()).then(async () => {
      try {
        const result = await appendRecords(fs, path, [record]);
        for (const r of result.rejected) this.log.warn(`provenance: ledger record for ${entry.meta.id} not written (${r.message})`);
        // Keep the cache in step without waiting for the watcher.
        const cached = this.cache.get(key);
        if (cached && result.written) this.cache.set(key, cached.then((rs) => [...rs, record]));
        this.changed.fire(loc.folder.uri);
        return result.written > 0;
      } catch (e) {
        this.log.error(`provenance: could not append to ${LEDGER_PATH}: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      }
    });
    this.queues.set(key, run);
    return run;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
