import type { Rule, RuleMeta } from './api';
import { commandInjection } from './command';
import { codeInjection } from './eval';
import { hardcodedSecret } from './secrets';
import { sqlInjection } from './sql';
import { xssHtmlSink } from './xss';
import { DATA_RULES } from './data';
import { TRANSPORT_RULES } from './transport';
import { INJECTION_RULES } from './injection';
import { APP_RULES } from './app';

export const ALL_RULES: readonly Rule[] = [sqlInjection, codeInjection, xssHtmlSink, hardcodedSecret, commandInjection, ...TRANSPORT_RULES, ...DATA_RULES, ...INJECTION_RULES, ...APP_RULES];

export const RULE_IDS: readonly string[] = ALL_RULES.map((r) => r.id);

export function ruleMeta(id: string): RuleMeta | undefined {
  return ALL_RULES.find((r) => r.id === id);
}

/** Where a rule's documentation lives in the repository (used by SARIF `helpUri` and diagnostics). */
export const RULE_DOCS_BASE = 'https://github.com/vetted-dev/vetted/blob/main/docs/rules/';
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}
