/** Provenance commands (src/extension/provenance/). */
export const PROVENANCE_COMMANDS = {
  tagSelection: 'vetted.provenance.tagSelection',
  removeTag: 'vetted.provenance.removeTag',
  relabel: 'vetted.provenance.relabel',
  markReviewed: 'vetted.provenance.markReviewed',
  markUnreviewed: 'vetted.provenance.markUnreviewed',
  nextUnreviewed: 'vetted.provenance.nextUnreviewed',
  refreshBlocks: 'vetted.provenance.refreshBlocks',
  revealBlock: 'vetted.provenance.revealBlock',
} as const;

/** The "AI Blocks" tree view and its activity bar container. */
export const AI_BLOCKS_VIEW = 'vetted.aiBlocks';
export const PROVENANCE_DIAGNOSTIC_SOURCE = 'vetted-provenance';

/** Command ids, view ids and names, declared once (package.json `contributes` must match; a unit test checks). */
export const COMMANDS = {
  ...PROVENANCE_COMMANDS,
  scanWorkspace: 'vetted.scanWorkspace',
  showOutput: 'vetted.showOutput',
  openRuleDoc: 'vetted.openRuleDoc',
  openSample: 'vetted.openSample',
  suppress: 'vetted.suppress',
  // Provenance pipeline (src/extension/provenance/)
  setUpAgentHooks: 'vetted.provenance.setUpAgentHooks',
  acceptOffer: 'vetted.provenance.acceptOffer',
  dismissOffer: 'vetted.provenance.dismissOffer',
  // Ledger links of the manual commands (src/extension/provenance/pledger.ts)
  nextUntaggedInsertion: 'vetted.provenance.nextUntaggedInsertion',
  forgetLedgerRecord: 'vetted.provenance.forgetLedgerRecord',
  // Team policy (src/extension/policy.ts)
  showEffectivePolicy: 'vetted.showEffectivePolicy',
  // Commit gate (src/extension/gate.ts)
  installHooks: 'vetted.installHooks',
  uninstallHooks: 'vetted.uninstallHooks',
  addCommitTrailers: 'vetted.addCommitTrailers',
  dismissFinding: 'vetted.dismissFinding',
  // Reports (src/extension/metrics.ts)
  exportAiBom: 'vetted.exportAiBom',
  showMetrics: 'vetted.showMetrics',
  // Review panel (src/extension/review/)
  openReviewPanel: 'vetted.openReviewPanel',
} as const;

export const POLICY_DIAGNOSTIC_SOURCE = 'Vetted policy';

/** The review panel: a webview view in the Vetted container, and the editor-panel form's view type. */
export const REVIEW_VIEW = 'vetted.review';
export const REVIEW_PANEL_TYPE = 'vetted.reviewPanel';

export const DIAGNOSTIC_SOURCE = 'Vetted';
export const OUTPUT_CHANNEL = 'Vetted';
export const CONFIG_SECTION = 'vetted';
