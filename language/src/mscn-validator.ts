/**
 * The type-checker: linking is Langium's (with mscn-scope.ts's messages); this registers the
 * domain rules of docs/language.md, one validator per concern under validation/. Every check is
 * total over partial parses: a missing node means "nothing to check", never an exception.
 */
import type { ValidationChecks } from 'langium';
import type { MscnAstType } from './generated/ast.js';
import type { MscnServices } from './mscn-module.js';
import { NameValidator, propertyChecks } from './validation/names.js';
import { NumberValidator } from './validation/numbers.js';
import { FigureValidator } from './validation/figures.js';
import { MachineValidator } from './validation/machine.js';
import { AddressValidator } from './validation/addresses.js';
import { NotifierValidator } from './validation/notifiers.js';
import { TaskValidator } from './validation/tasks.js';
import { VasValidator } from './validation/vas.js';
import { KernelValidator } from './validation/kernel.js';
import { EraValidator } from './validation/era.js';
import { HugeCutValidator } from './validation/huge-cut.js';
import { SweepValidator } from './validation/sweeps.js';

export { IssueCodes } from './validation/issue-codes.js';

export function registerValidationChecks(services: MscnServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.MscnValidator;
    for (const checks of validator.allChecks(services)) registry.register(checks, validator);
}

/** Gathers the concern validators; the registry calls their checks. */
export class MscnValidator {
    allChecks(services: MscnServices): Array<ValidationChecks<MscnAstType>> {
        const documents = () => services.shared.workspace.LangiumDocuments;
        return [
            new NameValidator(documents).checks(),
            propertyChecks,
            new NumberValidator().checks(),
            new FigureValidator().checks(),
            new MachineValidator().checks(),
            new AddressValidator().checks(),
            new NotifierValidator().checks(),
            new TaskValidator().checks(),
            new VasValidator().checks(),
            new KernelValidator().checks(),
            new EraValidator().checks(),
            new HugeCutValidator().checks(),
            new SweepValidator().checks(),
        ];
    }
}
