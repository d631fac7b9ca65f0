import * as vscode from 'vscode';
import type { Parsers } from '../../core/parser';
import type { ClassifierOptions, ProvenanceMode } from '../../core/provenance/classify';
import type { Settings } from '../../core/settings';
import type { ConfigReader } from '../config';
import { AgentHooks } from './agentHooks';
import { LedgerRegions } from './ledgerRegions';
import { LedgerStore } from './ledgerStore';
import { Recorder } from './recorder';
import { watchChatCodeBlocks } from './codeBlocks';
import { Tagger } from './tagger';

export interface ProvenanceApi {
  readonly recorder: Recorder;
  readonly tagger: Tagger;
  readonly ledger: LedgerStore;
  /** Regions without markers (JSON files, ledger-only mode, lost markers), for the views. */
  readonly ledgerRegions: LedgerRegions;
  readonly agentHooks: AgentHooks;
}

function classifierOptions(s: Settings): Partial<ClassifierOptions> {
  return { mode: s['provenance.mode'], pasteMinLines: s['provenance.pasteMinLines'], treatMediumAsEnough: s['provenance.tagMediumConfidence'] };
}

/**
 * The provenance pipeline (issue 4): editor events → classifier → markers / ledger / CodeLens offers, ledger-only
 * regions re-anchored on open, agent hook records. Everything registered here is disposed with the extension.
 */
export function registerProvenance(
  context: vscode.ExtensionContext,
  deps: { parsers: Parsers; config: ConfigReader; log: vscode.LogOutputChannel },
): ProvenanceApi {
  const { parsers, config, log } = deps;
  const version = String(context.extension.packageJSON.version ?? '');
  const ledger = new LedgerStore(log, version);
  const ledgerRegions = new LedgerRegions(ledger, log);
  const modeFor = (uri: vscode.Uri): ProvenanceMode => config.read(uri)['provenance.mode'];
  let recorder: Recorder | undefined;
  const tagger = new Tagger(parsers, ledger, ledgerRegions, log, modeFor, (uri) => recorder?.push({ kind: 'own-edit', time: Date.now(), uri: uri.toString() }));
  recorder = new Recorder(classifierOptions(config.read()), (doc, result) => void tagger.handle(doc, result), log);
  const agentHooks = new AgentHooks(recorder, log);
  context.subscriptions.push(
    ledger,
    ledgerRegions,
    tagger,
    recorder,
    agentHooks,
    watchChatCodeBlocks((event) => recorder?.push(event), log),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('vetted.provenance')) recorder?.reconfigure(classifierOptions(config.read()));
    }),
  );
  return { recorder, tagger, ledger, ledgerRegions, agentHooks };
}
