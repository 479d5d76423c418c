// What scripts/build-web.mjs defines around the sources in each build; no
// wrapper.js exists. The build drops imports from './wrapper.js' after
// checking that it defines every name they ask for.

/** Runs Go's wasm_exec.js against sandbox, which gains Go (and fs, process, path). */
export declare function installGo(sandbox: object): void;

/**
 * Where cognito-srp.wasm is when load() is given no wasmURL: next to the
 * loader (the ES module's import.meta.url, the script tag's src, or
 * __dirname). The worker script's throws: the page always passes wasmURL.
 */
export declare function defaultWasmURL(): URL;

/** The worker script (dist/cognito-srp.worker.js) the page builds carry, started from a blob: URL. */
export declare const WORKER_SOURCE: string;
