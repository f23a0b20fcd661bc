/**
 * Langium's parser with one fix for long runs. Langium 4.2.1's CstNodeBuilder.addHiddenNodes is
 * called before every token, even when no hidden token (comment) precedes it, and when the
 * current CST node is still empty it searches its container's children with indexOf: with
 * thousands of statements in one run that search makes parsing quadratic (a 10 MB file took
 * minutes). With no hidden tokens the method adds nothing, so skipping it changes no CST.
 */
import { createLangiumParser, type LangiumCoreServices, type LangiumParser } from 'langium';

interface NodeBuilder { addHiddenNodes(tokens: readonly unknown[]): void }

export function createMscnParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    const builder = (parser as unknown as { nodeBuilder?: NodeBuilder }).nodeBuilder;
    if (builder && typeof builder.addHiddenNodes === 'function') {
        const addHiddenNodes = builder.addHiddenNodes.bind(builder);
        builder.addHiddenNodes = tokens => {
            if (tokens.length > 0) addHiddenNodes(tokens);
        };
    }
    return parser;
}
