/** The panels' webview view types (package.json `onWebviewPanel:` activation events name them). */
export const PAGE_TABLES_VIEW = 'mscn.pageTables';
export const COMPARISON_VIEW = 'mscn.comparison';
export const TIMELINE_VIEW = 'mscn.timeline';

export const PANEL_VIEW_TYPES = [PAGE_TABLES_VIEW, COMPARISON_VIEW, TIMELINE_VIEW] as const;
