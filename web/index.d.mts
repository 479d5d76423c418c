// Types for import 'cognito-srp-wasm': the ES module build
// (dist/cognito-srp.mjs) exports load and version by name and, as its
// default, a frozen { load, version }. The API itself is declared in
// index.d.ts.
import { load } from './index.js';
export * from './index.js';
declare const _default: { readonly load: typeof load; readonly version: string };
export default _default;
