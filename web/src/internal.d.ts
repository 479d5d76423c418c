// Types the loader's sources share that the public API does not show.
// Everything a caller sees is declared once, in web/index.d.ts; these
// types build on it, and tsc -p web/src (run by web/test/types.test.mjs)
// checks the sources against both. No code: the build never reads this file.

import type {
  ClientOptions, CodeDelivery, DeviceCredentials, DeviceInfo, LoadOptions, MFASetting, SessionOptions,
  SignInOptions, StorageChoice, Tokens, TOTPSetup, UserProfile,
} from '../index.js';

// ---- the environment ----------------------------------------------------

declare global {
  /** Node's process, where there is one (lib.dom does not declare it). */
  var process: { versions?: { node?: string } } | undefined;
}

/** The Web Worker's global scope, as worker.js uses it (lib.dom types self as a Window). */
export interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker | null | undefined>) => void) | null;
}

/** The Node built-ins core.js imports (there are no Node types here). */
export interface NodeModules {
  'node:crypto': { webcrypto: Crypto };
  'node:fs/promises': { readFile(path: string, options: { signal: AbortSignal | undefined }): Promise<Uint8Array<ArrayBuffer>> };
  'node:url': { fileURLToPath(url: URL): string };
}

// ---- Go ----------------------------------------------------------------

/** Go's wasm_exec.js runtime: the Go class installGo puts in the sandbox. */
export interface GoRuntime {
  argv: string[];
  env: Record<string, string>;
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}

/** The object wasm_exec.js runs against: the real global underneath, Go and the ready callbacks on top. */
export interface Sandbox {
  Go: new () => GoRuntime;
  [name: string]: unknown;
}

/** What the Go module hands its ready callback (wasm/main.go). */
export interface GoAPI {
  version: string;
  /** call(method, JSON client options, JSON arguments) → the JSON envelope. */
  call(method: string, options: string, args: string): Promise<string>;
}

/** Go's answer to every call: a result or a named error (wasm/async.go). */
export interface Envelope {
  result?: unknown;
  error?: ErrorData;
}

export interface ErrorData {
  name: string;
  message: string;
  statusCode?: number | undefined;
}

/** The JSON of auth.Step (wasm/shapes.go): a ChallengeStep or DoneStep without respond and user. */
export interface StepData {
  done: boolean;
  challengeName?: string;
  challengeParameters?: Record<string, string>;
  session?: string;
  username?: string;
  answers?: string[];
  options?: string[];
  totp?: TOTPSetup;
  tokens?: Tokens;
  deviceForgotten?: boolean;
}

/** Calls that return nothing resolve to {} (wasm/api.go's ok). */
export type Empty = Record<string, never>;

type WithToken<A = {}> = A & { accessToken: string };

/**
 * The Go module's methods (wasm/methods.go): the arguments each decodes
 * and what it resolves to. The account calls' arguments are what the
 * caller passed besides the client and session options.
 */
export interface GoMethods {
  signIn: { args: CallArgs<SignInOptions> & { device: DeviceCredentials | undefined }; result: StepData };
  respond: {
    args: {
      step: StepData; answers: Record<string, string>; password: string | undefined;
      device: DeviceCredentials | undefined; clientMetadata: Record<string, string> | undefined;
    };
    result: StepData;
  };
  signUp: { args: object; result: { userConfirmed: boolean; userSub: string; codeDelivery?: CodeDelivery } };
  confirmSignUp: { args: object; result: Empty };
  resendConfirmationCode: { args: object; result: CodeDelivery };
  forgotPassword: { args: object; result: CodeDelivery };
  confirmForgotPassword: { args: object; result: Empty };
  refresh: { args: { refreshToken: string | undefined; accessToken: string; deviceKey: string | undefined }; result: Tokens };
  signOut: { args: { accessToken: string; refreshToken: string | undefined; global: boolean }; result: Empty };
  getUser: { args: WithToken; result: UserProfile };
  deleteUser: { args: WithToken; result: Empty };
  changePassword: { args: WithToken<{ previousPassword: string; proposedPassword: string }>; result: Empty };
  updateAttributes: { args: WithToken<{ attributes: Record<string, string> }>; result: CodeDelivery[] };
  sendAttributeCode: { args: WithToken<{ attribute: string }>; result: CodeDelivery };
  verifyAttribute: { args: WithToken<{ attribute: string; code: string }>; result: Empty };
  associateTotp: { args: WithToken; result: TOTPSetup };
  verifyTotp: { args: WithToken<{ code: string; friendlyName: string | undefined }>; result: Empty };
  setMfaPreference: { args: WithToken<{ sms?: MFASetting; totp?: MFASetting; email?: MFASetting }>; result: Empty };
  confirmDevice: {
    args: WithToken<{ deviceKey: string; deviceGroupKey: string; deviceName: string | undefined }>;
    result: { device: DeviceCredentials; userConfirmationNecessary: boolean };
  };
  rememberDevice: { args: WithToken<{ deviceKey: string; remember: boolean }>; result: Empty };
  forgetDevice: { args: WithToken<{ deviceKey: string }>; result: Empty };
  listDevices: { args: WithToken; result: DeviceInfo[] };
}

export type Method = keyof GoMethods;

/** call(method, client, args): one Go method, wherever Go runs; rejects with the named error. */
export type Call = <M extends Method>(method: M, client: ClientOptions, args: GoMethods[M]['args']) => Promise<GoMethods[M]['result']>;

// ---- options -------------------------------------------------------------

/** What a call's options hold besides the client and session options. */
export type CallArgs<T> = Omit<T, keyof ClientOptions | keyof SessionOptions>;

/** The names typeof checks, and AbortSignal, which options.js checks by shape. */
type TypeName<T> =
  [T] extends [string] ? 'string' : [T] extends [boolean] ? 'boolean' : [T] extends [AbortSignal] ? 'AbortSignal'
    : [T] extends [(...args: never[]) => unknown] ? 'function' : never;

/** A row of options.js's table: where the option goes, and the type checked there, if any. */
type Row<Place extends string, T> = [place: Place, type?: TypeName<Exclude<T, undefined>>];

/**
 * options.js's table: every option of LoadOptions, ClientOptions and
 * SessionOptions, each once, with its place; a checked type must be the
 * declared one.
 */
export type OptionTable =
  & { [K in keyof LoadOptions]-?: Row<'load', LoadOptions[K]> }
  & { [K in keyof ClientOptions]-?: Row<'client', ClientOptions[K]> }
  & { [K in keyof SessionOptions]-?: Row<'local', SessionOptions[K]> };

export type Place = 'load' | 'client' | 'local';

// ---- the page and the worker --------------------------------------------

/** Messages from the page to the worker. */
export type ToWorker =
  | { id: number; type: 'start'; wasmURL: string; progress: boolean }
  | { id: number; type: 'call'; args: [method: string, options: string, args: string] };

/** A message to the worker before send() numbers it. */
export type ToWorkerBody = ToWorker extends infer T ? T extends ToWorker ? Omit<T, 'id'> : never : never;

/** Messages from the worker to the page. */
export type FromWorker =
  | { type: 'progress'; loaded: number; total: number; id?: undefined }
  | { type?: undefined; id: number; result: string; error?: undefined }
  | { type?: undefined; id: number; result?: undefined; error: ErrorData };

/** A storage object: the third StorageChoice. */
export type StorageObject = Exclude<StorageChoice, string>;
