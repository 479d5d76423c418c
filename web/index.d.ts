// Types for cognito-srp-wasm. The API is public: extend, never break.

/** Options for {@link load}. */
export interface LoadOptions {
  /** Where cognito-srp.wasm is; defaults to the file next to the loader. */
  wasmURL?: string | URL;
  /** Download progress of the .wasm file, in bytes (total is 0 when unknown). */
  onProgress?: (progress: { loaded: number; total: number }) => void;
}

/** The user pool and app client to sign in to. */
export interface ClientOptions {
  /** e.g. "us-east-1_AbCdEf123" */
  userPoolId: string;
  clientId: string;
  /** Only for app clients with a secret; every call then carries SECRET_HASH. */
  clientSecret?: string;
  /** Defaults to the pool id's prefix. */
  region?: string;
  /** Defaults to https://cognito-idp.<region>.amazonaws.com/ */
  endpoint?: string;
}

export type AuthFlow = 'USER_SRP_AUTH';

export interface SignInOptions extends ClientOptions {
  username: string;
  password: string;
  /** Defaults to USER_SRP_AUTH. */
  authFlow?: AuthFlow;
  /** Passed to the pool's Lambda triggers. */
  clientMetadata?: Record<string, string>;
}

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** Lifetime of the ID and access tokens, in seconds. */
  expiresIn: number;
  tokenType: string;
}

/** Challenges that need a person; the module answers PASSWORD_VERIFIER itself. */
export type ChallengeName =
  | 'NEW_PASSWORD_REQUIRED'
  | 'SMS_MFA'
  | 'EMAIL_OTP'
  | 'SOFTWARE_TOKEN_MFA'
  | 'SELECT_MFA_TYPE'
  | 'MFA_SETUP'
  | 'CUSTOM_CHALLENGE'
  | 'SELECT_CHALLENGE'
  | (string & {});

export interface RespondOptions {
  clientMetadata?: Record<string, string>;
}

/** A finished sign-in. */
export interface DoneStep {
  done: true;
  tokens: Tokens;
}

/** A sign-in waiting for the caller to answer a challenge. */
export interface ChallengeStep {
  done: false;
  challengeName: ChallengeName;
  challengeParameters: Record<string, string>;
  session?: string;
  /** The name Cognito expects in this step's answers. */
  username: string;
  /**
   * Answers the challenge with Cognito's response names (NEW_PASSWORD, …);
   * USERNAME and SECRET_HASH are added for you.
   */
  respond(answers?: Record<string, string>, options?: RespondOptions): Promise<Step>;
}

export type Step = DoneStep | ChallengeStep;

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
}

export function load(options?: LoadOptions): Promise<CognitoSRP>;
export const version: string;
declare const _default: { load: typeof load; version: string };
export default _default;
