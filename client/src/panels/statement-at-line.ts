/** Which statement the cursor is in, among those with a snapshot: the innermost one whose lines hold it. */
import type { SourceLoc } from '../../../language/src/engine/scenario.js';

export interface LocatedStatement {
    id: number;
    loc: SourceLoc;
}

const latest = (list: LocatedStatement[]) => list.reduce((a, b) => (b.loc.line >= a.loc.line ? b : a));

/** The innermost statement spanning `line` (1-based), else the one ending last before it, else undefined. */
export function statementAtLine(statements: readonly LocatedStatement[], line: number): number | undefined {
    const holding = statements.filter(s => s.loc.line <= line && line <= s.loc.endLine);
    if (holding.length > 0) return latest(holding).id;
    // below a block, the state after the whole block: the one ending last, the outermost on a tie
    const before = statements.filter(s => s.loc.endLine < line);
    if (before.length === 0) return undefined;
    return before.reduce((a, b) =>
        b.loc.endLine > a.loc.endLine || (b.loc.endLine === a.loc.endLine && b.loc.line < a.loc.line) ? b : a,
    ).id;
}
