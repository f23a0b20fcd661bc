/**
 * In-process editor services for provider tests (langium/test helpers on an empty file system), and a
 * way to give a document a stored run without the worker: the engine runs synchronously here.
 */
import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import { createMscnServices } from '../../language/src/mscn-module.js';
import type { Scenario } from '../../language/src/generated/ast.js';
import { runJob } from '../../language/src/execution/run-scenario-file.js';
import { documentRunJob } from '../../language/src/execution/run-job.js';
import { MscnEditorModule, type MscnEditorAddedServices } from '../../server/src/mscn-editor-module.js';
import type { StoredRun } from '../../server/src/run/run-store.js';

export function editorServices() {
    return createMscnServices<MscnEditorAddedServices>(EmptyFileSystem, MscnEditorModule).Mscn;
}

export const services = editorServices();
export const parse = parseHelper<Scenario>(services);

/** Runs the document through the engine (snapshots after every statement) and stores the result as the server would. */
export function storeRun(document: LangiumDocument<Scenario>, s = services, variant?: string): StoredRun {
    const job = documentRunJob(document.parseResult.value, [], document.uri.fsPath, {
        snapshots: 'every statement',
        variant,
    });
    if (typeof job === 'string') throw new Error(job);
    const runs = runJob(job);
    const uri = document.uri.toString();
    const build = s.editor.RunStore.build(uri);
    const entry: StoredRun = { uri, version: document.textDocument.version, build, runs, millis: 0 };
    s.editor.RunStore.set(entry);
    return entry;
}

/** Parses with validation, fails the test on any error: providers are tested on valid scenarios. */
export async function parseValid(text: string, documentUri?: string): Promise<LangiumDocument<Scenario>> {
    const document = await parse(text, { validation: true, documentUri });
    const errors = (document.diagnostics ?? []).filter(d => d.severity === 1);
    if (errors.length > 0) throw new Error(`scenario has errors: ${errors.map(e => e.message).join('; ')}`);
    return document;
}
