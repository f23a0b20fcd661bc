/**
 * Langium's validation registry, quiet: a check that throws still becomes an error diagnostic on the
 * node it was checking (`An error occurred during validation: ...`, located, so `mscn check` exits 1),
 * but its stack is printed only with MSCN_DEBUG=1. Langium printed the stack on stderr for every such
 * exception: `machine m { cpus 2 __proto__ }` gave a 20-line trace (issue 15).
 */
import {
    isOperationCancelled,
    ValidationRegistry,
    type AstNode,
    type MaybePromise,
    type ValidationAcceptor,
} from 'langium';

export class MscnValidationRegistry extends ValidationRegistry {
    protected override async handleException(
        functionality: () => MaybePromise<void>,
        messageContext: string,
        accept: ValidationAcceptor,
        node: AstNode,
    ): Promise<void> {
        try {
            await functionality();
        } catch (error) {
            if (isOperationCancelled(error)) throw error;
            if (process.env.MSCN_DEBUG) console.error(`${messageContext}:`, error);
            accept('error', `${messageContext}: ${error instanceof Error ? error.message : String(error)}`, { node });
        }
    }
}
