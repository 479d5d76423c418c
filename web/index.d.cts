// Types for require('cognito-srp-wasm'): the CommonJS build
// (dist/cognito-srp.js) sets module.exports to { load, version }, frozen,
// with no .default and no __esModule, which is what `export =` says. The
// API itself is declared in index.d.ts.
import * as cognitoSRPWasm from './index.js';
export = cognitoSRPWasm;
