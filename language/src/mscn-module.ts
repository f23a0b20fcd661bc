/**
 * The one services factory of the language, used by the language server, the `mscn` tool and the tests
 * (as Langium's arithmetics and domainmodel examples do).
 */
import { inject, type Module } from 'langium';
import {
    createDefaultModule,
    createDefaultSharedModule,
    type DefaultSharedModuleContext,
    type LangiumServices,
    type LangiumSharedServices,
    type PartialLangiumServices,
    type PartialLangiumSharedServices,
} from 'langium/lsp';
import { MscnGeneratedModule, MscnGeneratedSharedModule } from './generated/module.js';
import { MscnValidator, registerValidationChecks } from './mscn-validator.js';
import { MscnLinker, MscnScopeProvider } from './mscn-scope.js';
import { createMscnParser } from './mscn-parser.js';
import { MscnParserErrorMessageProvider } from './mscn-parser-errors.js';
import { MscnDocumentBuilder } from './incremental/mscn-document-builder.js';
import { MscnDocumentValidator } from './incremental/mscn-document-validator.js';
import { MscnValidationRegistry } from './validation/validation-registry.js';
import { MscnIndexManager } from './incremental/mscn-index-manager.js';
import { MscnScopeComputation } from './incremental/mscn-scope-computation.js';

/** Services added by the Memory Scenarios language on top of Langium's. */
export interface MscnAddedServices {
    validation: {
        MscnValidator: MscnValidator;
    };
}

export type MscnServices = LangiumServices & MscnAddedServices;

export const MscnModule: Module<MscnServices, PartialLangiumServices & MscnAddedServices> = {
    validation: {
        MscnValidator: () => new MscnValidator(),
        DocumentValidator: services => new MscnDocumentValidator(services),
        ValidationRegistry: services => new MscnValidationRegistry(services),
    },
    parser: {
        LangiumParser: services => createMscnParser(services),
        ParserErrorMessageProvider: services => new MscnParserErrorMessageProvider(services.Grammar),
    },
    references: {
        ScopeProvider: services => new MscnScopeProvider(services),
        Linker: services => new MscnLinker(services),
        ScopeComputation: services => new MscnScopeComputation(services),
    },
};

/** The incremental build of the editor (incremental/): a patched document keeps what an edit did not touch. */
export const MscnSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        DocumentBuilder: services => new MscnDocumentBuilder(services),
        IndexManager: services => new MscnIndexManager(services),
    },
};

/**
 * `editorModule` adds the language server's providers (hover, inlay hints, code lenses, ...): they live
 * in server/, which depends on this package and not the other way round.
 */
export function createMscnServices<E extends object = object>(
    context: DefaultSharedModuleContext,
    editorModule?: Module<MscnServices & E, Partial<MscnServices> & E>,
    /** The language server's shared services (its bounded workspace scan). */
    editorSharedModule?: Module<LangiumSharedServices, PartialLangiumSharedServices>,
): {
    shared: LangiumSharedServices;
    Mscn: MscnServices & E;
} {
    const shared = editorSharedModule
        ? inject(createDefaultSharedModule(context), MscnGeneratedSharedModule, MscnSharedModule, editorSharedModule)
        : inject(createDefaultSharedModule(context), MscnGeneratedSharedModule, MscnSharedModule);
    const Mscn = editorModule
        ? inject(
              createDefaultModule({ shared }),
              MscnGeneratedModule,
              MscnModule,
              editorModule as Module<MscnServices & E>,
          )
        : (inject(createDefaultModule({ shared }), MscnGeneratedModule, MscnModule) as MscnServices & E);
    shared.ServiceRegistry.register(Mscn);
    registerValidationChecks(Mscn);
    if (!context.connection) {
        // Outside a language server nobody triggers the configuration; without it builds wait forever.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Mscn };
}
