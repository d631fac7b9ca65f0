// ESLint 9 flat config for the comparison runs: eslint-plugin-security's recommended rules only, JSX enabled for
// .js/.jsx, TypeScript (.ts/.tsx) through typescript-eslint's parser (syntax only, no type information).
// Plugins resolve from this repository's node_modules, so the config works from any directory.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function eslintConfig() {
  const security = require('eslint-plugin-security');
  const tsParser = require('typescript-eslint').parser;
  return [
    {
      files: ['**/*.{js,jsx,mjs,cjs}'],
      languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
    },
    {
      files: ['**/*.{ts,tsx,mts,cts}'],
      languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
    },
    { files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'], ...security.configs.recommended },
  ];
}

/** Text of an `eslint.config.mjs` that loads the config above (written next to the corpus). */
export function eslintConfigFile() {
  return `import { eslintConfig } from ${JSON.stringify(new URL('./eslint-config.mjs', import.meta.url).href)};\nexport default eslintConfig();\n`;
}
