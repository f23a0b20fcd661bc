/**
 * Every Langium (and Chevrotain) internal that language/src/incremental/langium-adapter.ts relies on,
 * checked on a real parsed document and the real services: each field exists with the type the
 * adapter expects. When an upgrade of the pinned Langium renames or removes one, the test fails by the
 * field's name and the Langium version, instead of the editor breaking at run time.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EmptyFileSystem, URI, type CstNode } from 'langium';
import { describe, expect, test } from 'vitest';
import { createMscnServices } from '../../language/src/mscn-module.js';
import type { Scenario } from '../../language/src/generated/ast.js';
import {
    INTERNALS,
    internalsProblems,
    PINNED_LANGIUM,
    type InternalsSample,
} from '../../language/src/incremental/langium-adapter.js';
import { collectLeaves } from '../../language/src/incremental/cst-positions.js';
import { recordOf } from '../../language/src/incremental/parse-record.js';

const version = (name: string) =>
    (
        JSON.parse(readFileSync(resolve(__dirname, '../../node_modules', name, 'package.json'), 'utf8')) as {
            version: string;
        }
    ).version;
const LANGIUM = version('langium');
const CHEVROTAIN = version('chevrotain');

const TEXT = 'process db\n// a comment\nrun r {\n    switch cpu 0 to db\n    exit db\n}\n';

async function sample(): Promise<InternalsSample> {
    const services = createMscnServices(EmptyFileSystem);
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(
        TEXT,
        URI.parse('memory:///adapter.mscn'),
    );
    await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
    const root = document.parseResult.value.$cstNode!;
    const leaves = collectLeaves(root);
    const run = (document.parseResult.value as Scenario).elements.find(e => e.$type === 'Run')!;
    return {
        parser: services.Mscn.parser.LangiumParser,
        root,
        leaf: leaves.find(l => !l.hidden)!,
        composite: run.$cstNode as CstNode,
        referenceDescriptionProvider: services.Mscn.workspace.ReferenceDescriptionProvider,
    };
}

describe(`Langium internals the incremental build relies on (written for Langium ${PINNED_LANGIUM})`, () => {
    test('GIVEN the installed packages THEN the adapter was written for this Langium', () => {
        // A new Langium: run this file; each field below says whether it is still there.
        expect(`langium ${LANGIUM}`).toBe(`langium ${PINNED_LANGIUM}`);
    });

    for (const internal of INTERNALS) {
        test(`GIVEN a parsed document THEN ${internal.name} is ${internal.expected}`, async () => {
            const value = internal.probe(await sample());
            if (!internal.holds(value)) {
                throw new Error(
                    `Langium ${LANGIUM} (chevrotain ${CHEVROTAIN}): ${internal.name} is not ${internal.expected} ` +
                        `(language/src/incremental/langium-adapter.ts was written for Langium ${PINNED_LANGIUM})`,
                );
            }
        });
    }

    test('GIVEN the real services THEN no internal is reported missing, and the parser records its checkpoints', async () => {
        const s = await sample();
        expect(internalsProblems(s)).toEqual([]);
        // The parse record exists only if the recorder's hooks took: one loop start, two statements, the loop end.
        expect(recordOf(s.root)?.checkpoints.map(c => c.kind)).toEqual([0, 1, 1, 2]);
    });

    test('GIVEN a field that disappears THEN the check names it', async () => {
        const s = await sample();
        const leaf = Object.create(s.leaf) as CstNode;
        Object.defineProperty(leaf, '_offset', { value: undefined });
        expect(internalsProblems({ ...s, leaf })).toContain('LeafCstNodeImpl._offset: found nothing, expected number');
    });
});

// The test names its package versions from node_modules; the root package.json pins them.
test('GIVEN package.json THEN it pins the Langium the adapter names', () => {
    const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as {
        devDependencies?: Record<string, string>;
    };
    // a devDependency: the bundles in out/ carry it, so the installed package needs none (test/packaging)
    expect(pkg.devDependencies?.langium).toBe(PINNED_LANGIUM);
});
