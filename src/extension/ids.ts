/** Command ids, view ids and names, declared once (package.json `contributes` must match; a unit test checks). */
export const COMMANDS = {
  scanWorkspace: 'vetted.scanWorkspace',
  showOutput: 'vetted.showOutput',
  openRuleDoc: 'vetted.openRuleDoc',
  openSample: 'vetted.openSample',
  suppress: 'vetted.suppress',
  // Provenance pipeline (src/extension/provenance/)
  setUpAgentHooks: 'vetted.provenance.setUpAgentHooks',
  acceptOffer: 'vetted.provenance.acceptOffer',
  dismissOffer: 'vetted.provenance.dismissOffer',
} as const;

export const DIAGNOSTIC_SOURCE = 'Vetted';
export const OUTPUT_CHANNEL = 'Vetted';
export const CONFIG_SECTION = 'vetted';
