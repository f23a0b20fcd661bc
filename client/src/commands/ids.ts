/** Command ids of the extension (package.json `contributes.commands`; the server's code lenses use the first three). */
export const RUN_SCENARIO = 'mscn.runScenario';
export const COMPARE_VARIANTS = 'mscn.compareVariants';
export const SHOW_PAGE_TABLES = 'mscn.showPageTables';
export const REPLAY_TRACE = 'mscn.replayTrace';
export const SELECT_VARIANT = 'mscn.selectVariant';
export const SHOW_TIMELINE = 'mscn.showTimeline';

export const ALL_COMMANDS = [RUN_SCENARIO, COMPARE_VARIANTS, SHOW_PAGE_TABLES, REPLAY_TRACE, SELECT_VARIANT, SHOW_TIMELINE] as const;
