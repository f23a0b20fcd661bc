/**
 * `$/cancelRequest` for every request: each request handler registered on the connection (Langium's,
 * the `mscn/*` requests, inlay hints, semantic tokens, pull diagnostics) answers the LSP
 * RequestCancelled error as soon as the client cancels, instead of whenever the work ends (a run
 * awaited by `mscn/runResult` can take minutes). A request cancelled before its handler starts is not
 * started. What the handler was doing goes on (a run still lands for the next request) and its answer
 * is dropped.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';

export const CANCELLED_MESSAGE = 'The request has been cancelled.';

/* eslint-disable @typescript-eslint/no-explicit-any -- handlers of every request type pass through here */
type AnyFunction = (...args: any[]) => unknown;

function isToken(value: unknown): value is CancellationToken {
    return (
        typeof value === 'object' &&
        value !== null &&
        typeof (value as CancellationToken).isCancellationRequested === 'boolean' &&
        typeof (value as CancellationToken).onCancellationRequested === 'function'
    );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
    return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

/** `handler`, answering RequestCancelled once the cancellation token among its arguments fires. */
export function honouring<F extends AnyFunction>(handler: F): F {
    return ((...args: unknown[]) => {
        const token = args.find(isToken);
        if (!token) return handler(...args); // a notification
        if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, CANCELLED_MESSAGE);
        const result = handler(...args);
        if (!isThenable(result)) return result;
        return new Promise((resolve, reject) => {
            const listener = token.onCancellationRequested(() =>
                resolve(new ResponseError(LSPErrorCodes.RequestCancelled, CANCELLED_MESSAGE)),
            );
            result.then(
                value => {
                    listener.dispose();
                    resolve(value);
                },
                (error: unknown) => {
                    listener.dispose();
                    reject(error);
                },
            );
        });
    }) as F;
}

/** A copy of `target`'s `onX(…, handler)` registrations whose handlers honour cancellation. */
function wrapRegistrations(target: Record<string, unknown>, into: Record<string, unknown>): void {
    for (const key of Object.keys(target)) {
        const register = target[key];
        if (!/^on($|[A-Z])/.test(key) || typeof register !== 'function') continue;
        into[key] = (...args: unknown[]) =>
            (register as AnyFunction)(...args.map(a => (typeof a === 'function' ? honouring(a as AnyFunction) : a)));
    }
}

/** The language features registered through `connection.languages.X.on…` rather than on the connection. */
const LANGUAGE_FEATURES = [
    'inlayHint',
    'semanticTokens',
    'diagnostics',
    'callHierarchy',
    'typeHierarchy',
    'inlineValue',
    'moniker',
    'foldingRange',
    'linkedEditingRange',
];

/** `connection`, with every request handler registered on it from now on honouring `$/cancelRequest`. */
export function honourCancellation(connection: Connection): Connection {
    wrapRegistrations(
        connection as unknown as Record<string, unknown>,
        connection as unknown as Record<string, unknown>,
    );
    const languages = connection.languages as unknown as Record<string, unknown>;
    for (const name of LANGUAGE_FEATURES) {
        const feature = languages[name];
        if (typeof feature !== 'object' || feature === null) continue;
        const wrapped: Record<string, unknown> = { ...(feature as Record<string, unknown>) };
        wrapRegistrations(feature as Record<string, unknown>, wrapped);
        Object.defineProperty(languages, name, { value: wrapped, configurable: true });
    }
    return connection;
}
