// eslint 9 flat config, run by `npm run lint` (with the engine's own tsconfig) as part of `npm test`:
// - typescript-eslint's recommended rules, with the ones that fight the code's style turned off and the
//   ones that find bugs kept;
// - no line over 120 columns (prettier, .prettierrc.json, lays the code out; max-len catches the rest);
// - the layering of docs/architecture.md, engine <- language <- server <- client, as import rules.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/** Node's built-in modules, with or without `node:`, and their subpaths (fs/promises): one regex. */
const NODE = `^(node:.*|(${builtinModules.filter(m => !m.startsWith('_')).join('|')})(/.*)?)$`;
/** The editor's libraries: Langium (and its parser), VS Code and the language-server protocol packages. */
const EDITOR = '^(langium|chevrotain|vscode|vscode-[^/]+)(/.*)?$';
/** The globals of the Node running eslint, for the plain-JavaScript scripts (typescript checks the .ts). */
const NODE_GLOBALS = Object.fromEntries(
    [...Object.getOwnPropertyNames(globalThis), 'require', 'module', 'exports', '__dirname', '__filename'].map(name => [
        name,
        'readonly',
    ]),
);

/**
 * no-restricted-imports for one folder: each [patterns, why] pair is one group with its message; a pattern
 * is a regex (a string) or gitignore-style globs (an array). A third element adds options, e.g. allowImportNames.
 */
function restrict(...groups) {
    const pattern = ([p, why, options]) => ({
        ...(typeof p === 'string' ? { regex: p } : { group: p }),
        message: `${why} (docs/architecture.md)`,
        ...options,
    });
    return { 'no-restricted-imports': ['error', { patterns: groups.map(pattern) }] };
}

const ENGINE_PURE = 'the engine is plain TypeScript: no Langium, VS Code or Node';

export default tseslint.config(
    {
        ignores: [
            'out/**',
            'node_modules/**',
            'language/src/generated/**',
            'probe/**',
            'syntaxes/**',
            '.cache/**',
            'test-results/**',
            'scripts/e2e/node_modules/**',
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        linterOptions: { reportUnusedDisableDirectives: 'error' },
        rules: {
            'max-len': [
                'error',
                {
                    code: 120,
                    tabWidth: 4,
                    ignoreUrls: true,
                    ignoreRegExpLiterals: true,
                    // a test's title is one sentence; prettier keeps test(title, fn) on one line
                    ignorePattern: String.raw`^\s*(test|it|describe)(\.each\(.*\))?\(`,
                },
            ],
            // typescript's noUnusedLocals and noUnusedParameters check the .ts files; this finds the rest
            '@typescript-eslint/no-unused-vars': [
                'error',
                {
                    args: 'none',
                    caughtErrors: 'none',
                    ignoreRestSiblings: true,
                    varsIgnorePattern: '^_',
                    destructuredArrayIgnorePattern: '^_',
                },
            ],
            // IssueCodes is a namespace of constants, as Langium's own generated code has
            '@typescript-eslint/no-namespace': 'off',
            // `a && b()` and `c ? d() : e()` as statements are the code's style; a lone `a === b;` is still caught
            '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
        },
    },
    {
        files: ['**/*.ts', '**/*.mts'],
        // typescript reports undefined names itself (typescript-eslint's advice)
        rules: { 'no-undef': 'off' },
    },
    {
        files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
        languageOptions: { globals: NODE_GLOBALS },
    },
    {
        // the part of the webview benchmark that playwright runs in the browser
        files: ['scripts/bench/50-webview.bench.mjs'],
        languageOptions: {
            globals: {
                window: 'readonly',
                document: 'readonly',
                requestAnimationFrame: 'readonly',
                KeyboardEvent: 'readonly',
            },
        },
    },
    {
        files: ['**/*.cjs'],
        languageOptions: { sourceType: 'commonjs' },
        rules: { '@typescript-eslint/no-require-imports': 'off' },
    },
    {
        // mscn lsp loads the server bundle that lies beside the CLI's at run time
        files: ['language/src/cli/lsp-command.ts'],
        rules: { '@typescript-eslint/no-require-imports': 'off' },
    },
    {
        // tests poke at loosely typed things (webview DOM shims, VS Code's API in the e2e workbench)
        files: ['test/**'],
        rules: { '@typescript-eslint/no-explicit-any': 'off' },
    },

    // The layering: engine <- language <- server <- client (docs/architecture.md).
    {
        files: ['language/src/**/*.ts'],
        rules: restrict([['**/server/**', '**/client/**'], 'language/src/ is below the server and the client']),
    },
    {
        files: ['language/src/engine/*.ts'],
        rules: restrict(
            [EDITOR, ENGINE_PURE],
            [NODE, ENGINE_PURE],
            [['../*', '../../*'], 'the engine imports only its own files (language/src/engine/)'],
        ),
    },
    {
        files: ['language/src/engine/*/*.ts'],
        rules: restrict(
            [EDITOR, ENGINE_PURE],
            [NODE, ENGINE_PURE],
            [['../../*', '../../../*'], 'the engine imports only its own files (language/src/engine/)'],
        ),
    },
    {
        files: ['server/src/**/*.ts'],
        rules: restrict(
            [['**/client/**'], 'the server does not know the client'],
            ['^vscode(/.*)?$', 'the server runs outside VS Code: only the language-server packages'],
        ),
    },
    {
        // hovers read the run results and the run job built for the text (RunStore.job), never a lowering of
        // their own; from lowering/ only the names that key results to the syntax tree (statement ids, run names)
        files: ['server/src/hover/**/*.ts', 'server/src/mscn-hover.ts'],
        rules: restrict(
            [['**/client/**'], 'the server does not know the client'],
            ['^vscode(/.*)?$', 'the server runs outside VS Code: only the language-server packages'],
            [
                ['**/lowering/**'],
                'hovers never re-lower: read the run result or the run job (RunStore.job)',
                { allowImportNames: ['statementIds', 'runName'] },
            ],
        ),
    },
    {
        files: ['client/webview/**/*.ts'],
        rules: restrict(
            [EDITOR, 'webviews are browser code: they get plain data by messages, not VS Code or Langium'],
            [NODE, 'webviews are browser code: no Node'],
            [['**/server/**'], 'webviews get plain data, not the language services'],
        ),
    },
);
