// Writes docs/rules/<id>.md from the rule metadata (the single source). Run: npm run docs
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../src/core/rules/index';
import type { RuleMeta } from '../src/core/rules/api';

export function ruleDoc(r: RuleMeta): string {
  const cwe = r.cwe.map((c) => `[${c}](https://cwe.mitre.org/data/definitions/${c.slice(4)}.html)`).join(', ');
  return `# ${r.id}: ${r.title}

| | |
|---|---|
| CWE | ${cwe} |
| Default severity | ${r.severity} |
| Confidence | ${r.confidence} |
| Languages | ${r.languages.join(', ')} |

${r.summary}

${r.help}

## Turning it off or changing its level

\`"vetted.rules": { "${r.id}": "off" }\` in settings, or \`vetted scan --rule ${r.id}=off\` on the command line.
`;
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..', '..');
  const dir = path.join(root, 'docs', 'rules');
  mkdirSync(dir, { recursive: true });
  for (const r of ALL_RULES) writeFileSync(path.join(dir, `${r.id}.md`), ruleDoc(r));
  writeFileSync(
    path.join(dir, 'README.md'),
    `# Vetted rules\n\n| Rule | CWE | Severity | Languages |\n|---|---|---|---|\n${ALL_RULES.map((r) => `| [${r.id}](${r.id}.md) | ${r.cwe.join(', ')} | ${r.severity} | ${r.languages.join(', ')} |`).join('\n')}\n`,
  );
  console.log(`docs: wrote ${ALL_RULES.length} rule pages to docs/rules`);
}
