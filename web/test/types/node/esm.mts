// An ES module consumer under Node's rules: the import condition's
// declarations, with the ES module build's default export. Never run:
// web/test/types.test.mjs type-checks it.

import cognitoSRP, { load, version } from 'cognito-srp-wasm';
import * as namespace from 'cognito-srp-wasm';
import type { LoadOptions, Step } from 'cognito-srp-wasm';

const options: LoadOptions = { wasmURL: new URL('./cognito-srp.wasm', import.meta.url), worker: false };
const cognito = await cognitoSRP.load(options);
const sameLoad: typeof load = namespace.default.load;
const versions: string[] = [version, cognitoSRP.version, namespace.version, cognito.version];
const step: Step = await cognito.signIn({
  userPoolId: 'us-east-1_AbCdEf123', clientId: '1example23456789', username: 'alice', password: 'Passw0rd!',
});
if (step.done) console.log(step.user.username, versions, sameLoad === namespace.load);
// @ts-expect-error the default export is { load, version }, not the namespace
console.log(cognitoSRP.default);
