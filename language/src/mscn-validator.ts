/**
 * The type-checker: linking is Langium's; this adds the domain rules of docs/language.md.
 */
import type { ValidationChecks } from 'langium';
import type { MscnAstType } from './generated/ast.js';
import type { MscnServices } from './mscn-module.js';

export function registerValidationChecks(services: MscnServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.MscnValidator;
    const checks: ValidationChecks<MscnAstType> = {};
    registry.register(checks, validator);
}

export class MscnValidator {}
