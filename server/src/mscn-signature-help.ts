/**
 * Signature-like help for operations: inside a statement, the shape of that operation with its
 * optional parts in brackets (docs/language.md, "Runs"). Triggered by a space.
 */
import { AbstractSignatureHelpProvider } from 'langium/lsp';
import { AstUtils, type AstNode } from 'langium';
import type { SignatureHelp, SignatureHelpOptions } from 'vscode-languageserver';
import * as ast from '../../language/src/generated/ast.js';

export const SIGNATURES: Record<ast.Operation['$type'], string> = {
    MmapOp:
        'mmap TASK [at ADDRESS] size SIZE [anon | file "PATH" [offset OFFSET]] [private | shared] [none | r ' +
        '| rw | rx | rwx] [huge SIZE] [as NAME]',
    MunmapOp: 'munmap TASK RANGE [size SIZE]',
    MprotectOp: 'mprotect TASK RANGE [size SIZE] none | r | rw | rx | rwx',
    MadviseOp: 'madvise TASK RANGE [size SIZE] dontneed',
    AccessOp: 'read | write | touch TASK RANGE [size SIZE] [stride SIZE]',
    ForkOp: 'fork TASK as NAME',
    ExecOp: 'exec TASK',
    ExitOp: 'exit TASK',
    SwitchOp: 'switch cpu N to TASK | idle',
    MigrateOp: 'migrate TASK to cpu N',
    SwapoutOp: 'swapout MM RANGE [size SIZE] by TASK',
    KmapOp: 'kmap | kunmap | kmap_atomic TASK ADDRESS | file "PATH" [offset OFFSET] [access]',
    CopyToUserOp:
        'copy_to_user TASK RANGE [size SIZE] [src ADDRESS | file "PATH" [offset OFFSET]] [via atomic | ' +
        'via kmap_atomic]',
    SyscallOp: 'syscall TASK',
    RegisterOp: 'register | unregister NOTIFIER',
    DeviceOp: 'device NOTIFIER read | write | touch RANGE [size SIZE]',
    VasCreateOp: 'vas create VAS',
    VasAttachOp: 'vas attach VAS to PROCESS[[THREAD]]',
    VasSwitchOp: 'vas switch TASK to VAS | PROCESS',
    SegmentAttachOp: 'segment attach SEGMENT to VAS',
    ReplayOp: 'replay "PATH" as TASK',
    SegmentDetachOp: 'seg-detach SEGMENT from VAS [by TASK]',
    SegmentZapOp: 'seg-zap SEGMENT [at ADDRESS] [size SIZE] by TASK',
    KernelAccessOp: 'kernel read | write TASK | cpu N RANGE [size SIZE] [stride SIZE]',
};

const CHECKS = '[=> FIGURE[(QUALIFIER)] OP VALUE, ...]';

export class MscnSignatureHelpProvider extends AbstractSignatureHelpProvider {
    protected getSignatureFromElement(element: AstNode): SignatureHelp | undefined {
        const op = AstUtils.getContainerOfType(element, ast.isOperation);
        if (!op) return undefined;
        return {
            signatures: [
                {
                    label: `${SIGNATURES[op.$type]} ${CHECKS}`,
                    documentation: 'RANGE: a mapping (`heap`), a mapping plus an offset (`heap + 1 MiB`) or an address',
                },
            ],
            activeSignature: 0,
        };
    }

    override get signatureHelpOptions(): SignatureHelpOptions {
        return { triggerCharacters: [' '], retriggerCharacters: [' '] };
    }
}
