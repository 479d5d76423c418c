// Types for cognito-srp-wasm. The API is public: extend, never break.
// Optional options also take undefined (the loader skips undefined values),
// so they type-check under exactOptionalPropertyTypes too.
//
// This file declares the whole API. Consumers reach it through one of two
// entry points, as package.json's exports choose, each matching its build:
//   index.d.cts  require (dist/cognito-srp.js): module.exports is
//                { load, version }, with no .default (export =)
//   index.d.mts  import (dist/cognito-srp.mjs, and bundlers' browser
//                condition): named load and version, and a default export
//                { load, version }
// On its own (package.json "types", for resolvers that ignore exports) it
// describes the CommonJS build too: no default export.

/** Options for {@link load}. */
export interface LoadOptions {
  /** Where cognito-srp.wasm is; defaults to the file next to the loader. */
  wasmURL?: string | URL | undefined;
  /** Download progress of the .wasm file, in bytes (total is 0 when unknown). */
  onProgress?: ((progress: { loaded: number; total: number }) => void) | undefined;
  /** Ends a load() still under way (a server that never answers): it rejects with LoadError. */
  signal?: AbortSignal | undefined;
  /**
   * In browsers Go runs in a Web Worker by default, so SRP never blocks the
   * page; false runs it on the calling thread. Node always runs inline.
   */
  worker?: boolean | undefined;
  /** A script to run as the worker (e.g. a copy of cognito-srp.worker.js); by default the worker runs code the loader carries. */
  workerURL?: string | URL | undefined;
}

/** The user pool and app client to sign in to. */
export interface ClientOptions {
  /** e.g. "us-east-1_AbCdEf123" */
  userPoolId: string;
  clientId: string;
  /** Only for app clients with a secret; every call then carries SECRET_HASH. */
  clientSecret?: string | undefined;
  /** Defaults to the pool id's prefix. */
  region?: string | undefined;
  /** Defaults to https://cognito-idp.<region>.amazonaws.com/ */
  endpoint?: string | undefined;
  /** The issuer authenticator apps show for TOTP set-up (default "AWSCognito"). */
  totpIssuer?: string | undefined;
  /**
   * Node only: sign in through AdminInitiateAuth with these AWS credentials
   * (authFlow ADMIN_USER_PASSWORD_AUTH, USER_SRP_AUTH, …). Refused in
   * browsers: anyone who opens a page can read what it holds.
   */
  admin?: boolean | undefined;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined } | undefined;
}

export type AuthFlow =
  | 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'CUSTOM_AUTH' | 'CUSTOM_WITH_SRP' | 'USER_AUTH'
  | 'ADMIN_USER_PASSWORD_AUTH' | 'ADMIN_NO_SRP_AUTH';

/** Where tokens and remembered devices are kept; keys follow AWS's JavaScript clients. */
export type StorageChoice =
  | 'memory'
  | 'localStorage'
  | 'sessionStorage'
  | { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };

/** Options the JavaScript side handles. */
export interface SessionOptions {
  /** Default 'memory'. */
  storage?: StorageChoice | undefined;
  /** Mark a newly confirmed device as remembered when the pool asks the user. */
  rememberDevice?: boolean | undefined;
  deviceName?: string | undefined;
  /** Refresh the tokens by themselves a minute before they expire. */
  autoRefresh?: boolean | undefined;
}

/** A remembered device's credentials (a secret, like a refresh token). */
export interface DeviceCredentials {
  deviceKey: string;
  deviceGroupKey: string;
  devicePassword: string;
}

export interface SignInOptions extends ClientOptions, SessionOptions {
  username: string;
  /** Needed by every flow except CUSTOM_AUTH and password-less USER_AUTH choices; SRP flows never send it. */
  password?: string | undefined;
  /** Defaults to USER_SRP_AUTH. */
  authFlow?: AuthFlow | undefined;
  /** USER_AUTH's first choice. */
  preferredChallenge?: 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | undefined;
  /** Passed to the pool's Lambda triggers. */
  clientMetadata?: Record<string, string> | undefined;
  /** A remembered device; by default the one kept in storage for this username. */
  device?: DeviceCredentials | undefined;
}

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** Lifetime of the ID and access tokens, in seconds. */
  expiresIn: number;
  tokenType: string;
  /** Set when the pool tracks devices and this one is new (confirmed for you after sign-in). */
  newDevice?: { deviceKey: string; deviceGroupKey: string };
}

/** Challenges that need a person; the module answers PASSWORD_VERIFIER and device challenges itself. */
export type ChallengeName =
  | 'NEW_PASSWORD_REQUIRED'
  | 'SMS_MFA'
  | 'EMAIL_OTP'
  | 'SMS_OTP'
  | 'SOFTWARE_TOKEN_MFA'
  | 'SELECT_MFA_TYPE'
  | 'MFA_SETUP'
  | 'CUSTOM_CHALLENGE'
  | 'SELECT_CHALLENGE'
  | (string & {});

export interface RespondOptions {
  clientMetadata?: Record<string, string> | undefined;
}

/** A finished sign-in. */
export interface DoneStep {
  done: true;
  tokens: Tokens;
  /** The signed-in user (not part of JSON.stringify(step)). */
  readonly user: UserSession;
  /** Cognito no longer knew the stored device; it was dropped from storage. */
  deviceForgotten?: boolean;
  /** Confirming the new device failed; the sign-in itself succeeded. */
  deviceError?: CognitoSRPError;
  /** What the storage threw when the tokens were saved; the sign-in succeeded and user holds them. */
  storageError?: unknown;
}

/** A sign-in waiting for the caller to answer a challenge. */
export interface ChallengeStep {
  done: false;
  challengeName: ChallengeName;
  challengeParameters: Record<string, string>;
  session?: string;
  /** The name Cognito expects in this step's answers. */
  username: string;
  /** The answer keys this challenge takes, e.g. ['NEW_PASSWORD'] or ['SOFTWARE_TOKEN_MFA_CODE']. */
  answers?: string[];
  /** The allowed values of ANSWER for SELECT_MFA_TYPE and SELECT_CHALLENGE. */
  options?: string[];
  /** On MFA_SETUP: the authenticator-app secret and its otpauth:// URI. */
  totp?: { secret: string; uri: string };
  /** Cognito no longer knew the stored device; it was dropped from storage and the sign-in goes on as a new device. */
  deviceForgotten?: boolean;
  /**
   * Answers the challenge with Cognito's response names (see answers);
   * USERNAME and SECRET_HASH are added for you.
   */
  respond(answers?: Record<string, string>, options?: RespondOptions): Promise<Step>;
}

export type Step = DoneStep | ChallengeStep;

export interface CodeDelivery {
  destination: string;
  deliveryMedium: 'SMS' | 'EMAIL' | (string & {});
  attributeName: string;
}

export interface UserProfile {
  username: string;
  attributes: Record<string, string>;
  preferredMfa?: string;
  mfaMethods?: string[];
}

export interface MFASetting {
  enabled: boolean;
  preferred: boolean;
}

export interface DeviceInfo {
  deviceKey: string;
  attributes: Record<string, string>;
  created?: number;
  lastUsed?: number;
}

/** A signed-in user. */
export interface UserSession {
  readonly username: string;
  readonly tokens: Readonly<Tokens>;
  readonly idClaims: Record<string, unknown>;
  readonly accessClaims: Record<string, unknown>;
  /** Seconds this machine's clock runs ahead of Cognito's. */
  readonly clockDrift: number;
  /** When the tokens expire, in milliseconds on this machine's clock. */
  readonly expiresAt: number;
  readonly device: DeviceCredentials | null;
  isValid(now?: number): boolean;
  /** Renews the tokens; concurrent calls share one request. */
  refresh(): Promise<Readonly<Tokens>>;
  startAutoRefresh(): void;
  stopAutoRefresh(): void;
  signOut(options?: { global?: boolean | undefined }): Promise<void>;
  getUser(): Promise<UserProfile>;
  deleteUser(): Promise<void>;
  changePassword(previousPassword: string, proposedPassword: string): Promise<unknown>;
  updateAttributes(attributes: Record<string, string>): Promise<CodeDelivery[]>;
  sendAttributeCode(attribute: string): Promise<CodeDelivery>;
  verifyAttribute(attribute: string, code: string): Promise<unknown>;
  setupTotp(): Promise<{ secret: string; uri: string }>;
  verifyTotp(code: string, friendlyName?: string): Promise<unknown>;
  setMfaPreference(preference: { sms?: MFASetting; totp?: MFASetting; email?: MFASetting }): Promise<unknown>;
  listDevices(): Promise<DeviceInfo[]>;
  rememberDevice(remember?: boolean): Promise<unknown>;
  forgetDevice(deviceKey?: string): Promise<void>;
  toJSON(): { username: string; tokens: Tokens };
}

/** Names an Error can carry besides Cognito's own exception names. */
export type ClientErrorName =
  | 'InvalidParameterException'
  | 'NetworkError'
  | 'InvalidResponseError'
  | 'InternalError'
  | 'LoadError';

/** Every rejection is an Error whose name is Cognito's exception name or a ClientErrorName. */
export interface CognitoSRPError extends Error {
  name: ClientErrorName | 'NotAuthorizedException' | 'UserNotFoundException' | (string & {});
  /** The HTTP status Cognito answered with, when it answered. */
  statusCode?: number;
}

export interface CognitoSRP {
  /** The Go module's version. */
  readonly version: string;
  signIn(options: SignInOptions): Promise<Step>;
  /** Continues a step saved with JSON.stringify until Cognito's session expires. */
  resume(saved: object, options: ClientOptions & SessionOptions & { password?: string | undefined; device?: DeviceCredentials | undefined }): Promise<Step>;
  /** The user whose tokens are in storage, or null. */
  currentUser(options: ClientOptions & SessionOptions): UserSession | null;
  signUp(options: ClientOptions & { username: string; password: string; attributes?: Record<string, string> | undefined; clientMetadata?: Record<string, string> | undefined }):
    Promise<{ userConfirmed: boolean; userSub: string; codeDelivery?: CodeDelivery }>;
  confirmSignUp(options: ClientOptions & { username: string; code: string; clientMetadata?: Record<string, string> | undefined }): Promise<unknown>;
  resendConfirmationCode(options: ClientOptions & { username: string }): Promise<CodeDelivery>;
  forgotPassword(options: ClientOptions & { username: string }): Promise<CodeDelivery>;
  confirmForgotPassword(options: ClientOptions & { username: string; code: string; newPassword: string }): Promise<unknown>;
  /** Decodes a JWT's payload without verifying it. */
  decodeJWT(token: string): Record<string, unknown>;
}

export function load(options?: LoadOptions): Promise<CognitoSRP>;
export const version: string;
