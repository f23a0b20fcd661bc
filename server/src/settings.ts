/**
 * The editor's settings (`mscn.*` in VS Code, documented in docs/editor.md), kept current from the
 * client's configuration. Values are validated: a bad setting falls back to its default rather than
 * stopping runs.
 */
import type { LangiumSharedServices } from 'langium/lsp';
import { isFigureName, type FigureName } from '../../language/src/engine/figures.js';
import { DEFAULT_TIMEOUT_SECONDS } from '../../language/src/execution/run-job.js';

export interface EditorSettings {
    /** Max simulated operations per run block × variant. */
    budget: number;
    /** Quiet time after the last edit before the scenario runs, in ms. */
    debounceMs: number;
    inlayHints: boolean;
    /** Figures shown in inlay hints, in this order. */
    inlayFigures: FigureName[];
    /** A JSON file of cost overrides (`{ "invlpg": "300 cycles" }`), relative to the scenario or absolute. */
    costOverridesFile: string;
    /** Wall-clock seconds per run block × variant (docs/limits.md): a run past it stops with a warning. */
    timeoutSeconds: number;
    /**
     * At most this many sweep points in the editor's run (`mscn.run.sweepPoints`): a grid of each sweep with
     * every parameter's ends (docs/sweeps.md); `mscn sweep` runs them all.
     */
    sweepPoints: number;
}

export const DEFAULT_INLAY_FIGURES: FigureName[] = [
    'fullFlushes',
    'invlpg',
    'ipis',
    'secondaryPagesInvalidated',
    'pageFaults',
    'staleHits',
    'kmapSleeps',
    'segfaults',
];

export const DEFAULT_SETTINGS: EditorSettings = {
    budget: 50_000_000,
    debounceMs: 300,
    inlayHints: true,
    inlayFigures: DEFAULT_INLAY_FIGURES,
    costOverridesFile: '',
    timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    sweepPoints: 64,
};

/**
 * Settings that name files to read: ignored in an untrusted workspace (package.json
 * capabilities.untrustedWorkspaces.restrictedConfigurations lists them for VS Code; the client tells the
 * server with `initializationOptions.workspaceTrusted: false`).
 */
export const FILE_SETTINGS = ['mscn.costs.overridesFile'] as const;

/** Whether the client said the workspace is untrusted (`initializationOptions.workspaceTrusted === false`). */
export function untrustedWorkspace(initializationOptions: unknown): boolean {
    return (section(initializationOptions) ?? {}).workspaceTrusted === false;
}

type Raw = Record<string, unknown> | undefined;

function section(value: unknown): Raw {
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function positive(value: unknown, fallback: number, min: number): number {
    return typeof value === 'number' && Number.isFinite(value) && value >= min ? Math.floor(value) : fallback;
}

/**
 * Settings from the `mscn` configuration section: `{ run: { budget, debounce, sweepPoints }, inlayHints: {...},
 * costs: {...} }`.
 */
export function parseSettings(raw: unknown): EditorSettings {
    const mscn = section(raw);
    const run = section(mscn?.run);
    const hints = section(mscn?.inlayHints);
    const costs = section(mscn?.costs);
    const figures = Array.isArray(hints?.figures)
        ? hints.figures.filter((f): f is FigureName => typeof f === 'string' && isFigureName(f))
        : undefined;
    return {
        budget: positive(run?.budget, DEFAULT_SETTINGS.budget, 1),
        debounceMs: positive(run?.debounce, DEFAULT_SETTINGS.debounceMs, 0),
        inlayHints: typeof hints?.enabled === 'boolean' ? hints.enabled : DEFAULT_SETTINGS.inlayHints,
        inlayFigures: figures ?? DEFAULT_SETTINGS.inlayFigures,
        costOverridesFile: typeof costs?.overridesFile === 'string' ? costs.overridesFile : '',
        timeoutSeconds: positive(run?.timeout, DEFAULT_SETTINGS.timeoutSeconds, 1),
        sweepPoints: positive(run?.sweepPoints, DEFAULT_SETTINGS.sweepPoints, 0),
    };
}

/** The current settings; listeners hear about every change (the scheduler re-runs, hints refresh). */
export class MscnSettings {
    private current: EditorSettings = DEFAULT_SETTINGS;
    private trusted = true;
    private readonly listeners: Array<(settings: EditorSettings) => void> = [];

    /** Resolves once the client's settings were fetched (Langium fetches them after `initialized`). */
    readonly ready: Promise<void>;

    constructor(shared: LangiumSharedServices) {
        const provider = shared.workspace.ConfigurationProvider;
        provider.onConfigurationSectionUpdate(update => {
            if (update.section !== 'mscn') return;
            this.current = this.restricted(parseSettings(update.configuration));
            for (const listener of this.listeners) listener(this.current);
        });
        // The initial fetch does not fire the update event: read the sections once it is done.
        this.ready = provider.ready.then(async () => {
            const [run, inlayHints, costs] = await Promise.all(
                ['run', 'inlayHints', 'costs'].map(s => provider.getConfiguration('mscn', s)),
            );
            this.current = this.restricted(parseSettings({ run, inlayHints, costs }));
        });
    }

    /** An untrusted workspace (said at `initialize`): FILE_SETTINGS are ignored from then on. */
    untrust(): void {
        this.trusted = false;
        this.current = this.restricted(this.current);
    }

    private restricted(settings: EditorSettings): EditorSettings {
        return this.trusted ? settings : { ...settings, costOverridesFile: '' };
    }

    get value(): EditorSettings {
        return this.current;
    }

    onChange(listener: (settings: EditorSettings) => void): void {
        this.listeners.push(listener);
    }
}
