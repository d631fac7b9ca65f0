import * as fsp from 'fs/promises';
import * as vscode from 'vscode';
import type { LedgerFs } from '../../core/provenance/ledger';

/**
 * The ledger's file access for a workspace folder. Paths are URI paths (`/home/ana/app/.vetted/provenance.jsonl`)
 * resolved against the folder's URI, so the same adapter serves `file:` and remote/virtual schemes.
 *
 * `file:` URIs use node's fs (the extension runs where the files are: extensionKind `workspace`), because only a real
 * O_APPEND write keeps two windows' appends from overwriting each other. Other schemes go through
 * `vscode.workspace.fs`, which has no append: there an append is read + write (documented: not safe for concurrent
 * windows).
 */
export function ledgerFsFor(folder: vscode.Uri): LedgerFs {
  const uri = (path: string) => folder.with({ path });
  if (folder.scheme === 'file') {
    const fsPath = (path: string) => uri(path).fsPath;
    return {
      readFile: (path) => fsp.readFile(fsPath(path), 'utf8'),
      writeFile: (path, data) => fsp.writeFile(fsPath(path), data, 'utf8'),
      appendFile: (path, data) => fsp.appendFile(fsPath(path), data, { encoding: 'utf8', flag: 'a' }),
      rename: (from, to) => fsp.rename(fsPath(from), fsPath(to)),
      mkdir: (path, options) => fsp.mkdir(fsPath(path), options),
    };
  }
  const wfs = vscode.workspace.fs;
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  const encode = (s: string) => new TextEncoder().encode(s);
  const read = async (path: string) => {
    try {
      return decode(await wfs.readFile(uri(path)));
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') throw Object.assign(new Error(e.message), { code: 'ENOENT' });
      throw e;
    }
  };
  return {
    readFile: read,
    writeFile: (path, data) => Promise.resolve(wfs.writeFile(uri(path), encode(data))),
    appendFile: async (path, data) => {
      let existing = '';
      try {
        existing = await read(path);
      } catch (e) {
        if ((e as { code?: string }).code !== 'ENOENT') throw e;
      }
      await wfs.writeFile(uri(path), encode(existing + data));
    },
    rename: (from, to) => Promise.resolve(wfs.rename(uri(from), uri(to), { overwrite: true })),
    mkdir: (path) => Promise.resolve(wfs.createDirectory(uri(path))),
  };
}

/** The ledger path (a URI path) of a workspace folder. */
export function ledgerPathOf(folder: vscode.Uri, relative: string): string {
  return vscode.Uri.joinPath(folder, ...relative.split('/')).path;
}
