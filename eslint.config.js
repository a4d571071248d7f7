// Lint knows which process a file runs in and rejects imports that do not belong there (STYLE.md §2).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const nodeBuiltins = {
  group: ['node:*'],
  message: 'Node built-ins are not available in this process (renderer/shared).',
}
const electronImport = {
  name: 'electron',
  message: 'Only src/main/electron, src/main/index.ts and src/preload may import electron.',
}
const supabaseImport = {
  name: '@supabase/supabase-js',
  message: 'Only src/main/core/feed imports @supabase/supabase-js (ARCHITECTURE.md §1).',
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      'reports/**',
      '.stryker-tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // Everything outside the feed: no supabase-js; outside the electron adapters: no electron.
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/core/feed/**', 'src/main/electron/**', 'src/main/index.ts', 'src/preload/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronImport, supabaseImport] }] },
  },
  {
    files: ['src/main/electron/**', 'src/main/index.ts', 'src/preload/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [supabaseImport] }] },
  },
  {
    files: ['src/main/core/feed/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronImport] }] },
  },
  // Shared and renderer code runs without Node or Electron.
  {
    files: ['src/shared/**', 'src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport, supabaseImport, { name: 'ws', message: 'No sockets here.' }],
          patterns: [nodeBuiltins],
        },
      ],
    },
  },
  // Only the IPC adapter and the preload touch ipcMain / ipcRenderer.
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/electron/ipc*', 'src/preload/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Identifier[name='ipcMain']",
          message: 'Use the typed handle/emit helpers in src/main/electron/ipc.',
        },
        { selector: "Identifier[name='ipcRenderer']", message: 'Only the preload talks to ipcRenderer.' },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
)
