// Lint rules: typescript-eslint's recommended set plus the folder boundaries of DESIGN.md as import rules.
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// A flat config replaces a rule's options per file instead of merging them, so each folder lists
// every restriction that applies to it.
const electron = {
  regex: '^electron(-updater)?(/.*)?$',
  message: 'Electron belongs to the desktop app: import it only under main/.',
};
const bridge = {
  regex: '^(\\.\\./)+bridge(/|$)',
  message: 'connectors/ must not depend on the bridge: it is the lower layer the bridge uses.',
};
const connectors = {
  regex: '^(\\.\\./)+connectors(/|$)',
  message: 'The UI talks to the bridge over HTTP only: it must not import connectors/.',
};
const nodeModules = {
  regex: `^(node:.*|(${builtinModules.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})(/.*)?)$`,
  message: 'The UI runs in a browser window without Node: it must not import Node modules.',
};

function restrictImports(...patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] };
}

export default defineConfig(
  { ignores: ['dist/', 'release/', 'test-results/', '.data/', 'node_modules/'] },
  tseslint.configs.recommended,
  {
    rules: {
      // `const { secret: _secret, ...rest } = value` is how the code leaves a property out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // Tests and benchmarks read HTTP answers and JSON whose shape is what they assert; typing each
    // one adds casts that catch nothing the assertions do not.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Outside the folders below (tests, tools), only Electron itself is kept out of the way.
    ignores: ['main/**'],
    rules: restrictImports({ regex: '^electron(/.*)?$', message: electron.message }),
  },
  {
    files: ['renderer/src/**'],
    rules: restrictImports(
      electron,
      connectors,
      nodeModules,
      {
        regex: '^(\\.\\./)+bridge(/(?!contract/)|$)',
        message: 'The UI may import only the bridge\'s contract (bridge/contract): its schemas and types are all the UI shares with the bridge.',
      },
    ),
  },
  {
    files: ['connectors/**'],
    rules: restrictImports(electron, bridge, {
      regex: '^express(/.*)?$',
      message: 'connectors/ reads databases only: HTTP (express) belongs to bridge/http/.',
    }),
  },
  {
    files: ['bridge/**'],
    rules: restrictImports(electron, {
      regex: '^(\\.\\./)+(main|renderer)(/|$)',
      message: 'The bridge runs headless without the desktop app: it must not import main/ or renderer/.',
    }),
  },
  {
    // The contract is what the UI bundles: schemas and types only, nothing that needs Node or the rest of the bridge.
    files: ['bridge/contract/**'],
    rules: restrictImports(electron, nodeModules, {
      regex: '^\\.\\./(?!\\.\\./connectors/connector\\.js$)',
      message: 'bridge/contract is shared with the UI: import only its own modules and connectors/connector.ts (which imports nothing).',
    }),
  },
  {
    files: ['connectors/connector.ts'],
    rules: restrictImports({
      regex: '.*',
      message: 'connector.ts is part of the contract the UI bundles (bridge/contract imports it): it imports nothing.',
    }),
  },
);
