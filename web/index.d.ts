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

/** An authenticator app's secret, and its otpauth:// URI to show as a QR code. */
export interface TOTPSetup {
  secret: string;
  uri: string;
}

/**
 * Answers to a challenge: the keys it takes (each step's answers lists
 * them), and any other response Cognito accepts; all strings. USERNAME and
 * SECRET_HASH are added for you.
 */
export type ChallengeAnswers<Key extends string = string> = { [K in Key]?: string } & Record<string, string>;

/** What every ChallengeStep has. */
export interface ChallengeStepBase {
  done: false;
  /** Cognito's ChallengeParameters, e.g. CODE_DELIVERY_DESTINATION. */
  challengeParameters: Record<string, string>;
  /** Cognito's session handle (valid about 3 minutes). */
  session?: string;
  /** The name Cognito expects in this step's answers. */
  username: string;
  /** Cognito no longer knew the stored device; it was dropped from storage and the sign-in goes on as a new device. */
  deviceForgotten?: boolean;
  /**
   * Answers the challenge with Cognito's response names (see answers) and resolves
   * to the next step; USERNAME and SECRET_HASH are added for you. Each member of
   * ChallengeStep narrows answers to the keys its challenge takes.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (RespondToAuthChallenge; on
   *   MFA_SETUP, VerifySoftwareToken and AssociateSoftwareToken; with admin, AdminRespondToAuthChallenge):
   *   `AliasExistsException`, `CodeMismatchException`, `ConcurrentModificationException`,
   *   `EnableSoftwareTokenMFAException`, `ExpiredCodeException`, `ForbiddenException`,
   *   `InternalErrorException`, `InvalidEmailRoleAccessPolicyException`, `InvalidLambdaResponseException`,
   *   `InvalidParameterException`, `InvalidPasswordException`, `InvalidSmsRoleAccessPolicyException`,
   *   `InvalidSmsRoleTrustRelationshipException`, `InvalidUserPoolConfigurationException`,
   *   `MFAMethodNotFoundException`, `NotAuthorizedException`, `OperationNotEnabledException`,
   *   `PasswordHistoryPolicyViolationException`, `PasswordResetRequiredException`,
   *   `ResourceNotFoundException`, `SoftwareTokenMFANotFoundException`, `TooManyRequestsException`,
   *   `UnexpectedLambdaException`, `UserLambdaValidationException`, `UserNotConfirmedException`,
   *   `UserNotFoundException`.
   */
  respond(answers?: Record<string, string>, options?: RespondOptions): Promise<Step>;
}

/**
 * NEW_PASSWORD_REQUIRED: the first sign-in with a temporary password.
 * Answer NEW_PASSWORD, plus userAttributes.<name> for each attribute the
 * pool requires and the user lacks (answers lists them).
 */
export interface NewPasswordRequiredStep extends ChallengeStepBase {
  challengeName: 'NEW_PASSWORD_REQUIRED';
  answers?: Array<'NEW_PASSWORD' | `userAttributes.${string}`>;
  options?: undefined;
  totp?: undefined;
  respond(answers?: ChallengeAnswers<'NEW_PASSWORD' | `userAttributes.${string}`>, options?: RespondOptions): Promise<Step>;
}

/** SMS_MFA: answer SMS_MFA_CODE, the code sent by SMS. */
export interface SmsMfaStep extends ChallengeStepBase {
  challengeName: 'SMS_MFA';
  answers?: Array<'SMS_MFA_CODE'>;
  options?: undefined;
  totp?: undefined;
  respond(answers?: ChallengeAnswers<'SMS_MFA_CODE'>, options?: RespondOptions): Promise<Step>;
}

/** EMAIL_OTP (email MFA, or USER_AUTH with email codes): answer EMAIL_OTP_CODE. */
export interface EmailOtpStep extends ChallengeStepBase {
  challengeName: 'EMAIL_OTP';
  answers?: Array<'EMAIL_OTP_CODE'>;
  options?: undefined;
  totp?: undefined;
  respond(answers?: ChallengeAnswers<'EMAIL_OTP_CODE'>, options?: RespondOptions): Promise<Step>;
}

/** SMS_OTP (USER_AUTH with SMS codes): answer SMS_OTP_CODE. */
export interface SmsOtpStep extends ChallengeStepBase {
  challengeName: 'SMS_OTP';
  answers?: Array<'SMS_OTP_CODE'>;
  options?: undefined;
  totp?: undefined;
  respond(answers?: ChallengeAnswers<'SMS_OTP_CODE'>, options?: RespondOptions): Promise<Step>;
}

/** SOFTWARE_TOKEN_MFA: answer SOFTWARE_TOKEN_MFA_CODE, the authenticator app's code. */
export interface SoftwareTokenMfaStep extends ChallengeStepBase {
  challengeName: 'SOFTWARE_TOKEN_MFA';
  answers?: Array<'SOFTWARE_TOKEN_MFA_CODE'>;
  options?: undefined;
  totp?: undefined;
  respond(answers?: ChallengeAnswers<'SOFTWARE_TOKEN_MFA_CODE'>, options?: RespondOptions): Promise<Step>;
}

/** SELECT_MFA_TYPE: the user has several MFA methods; answer ANSWER, one of options. */
export interface SelectMfaTypeStep extends ChallengeStepBase {
  challengeName: 'SELECT_MFA_TYPE';
  answers?: Array<'ANSWER'>;
  /** The MFA methods to choose from (Cognito's MFAS_CAN_CHOOSE). */
  options?: Array<'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' | (string & {})>;
  totp?: undefined;
  respond(answers?: ChallengeAnswers<'ANSWER'>, options?: RespondOptions): Promise<Step>;
}

/**
 * MFA_SETUP: MFA is required and the user has none. With totp (set-up of
 * an authenticator app, already started): answer SOFTWARE_TOKEN_MFA_CODE,
 * the app's first code, and optionally FRIENDLY_DEVICE_NAME; the module
 * verifies the code and completes the challenge. Without totp (e.g. only
 * email MFA can be set up) answers is unset: answer as Cognito documents
 * (EMAIL).
 */
export interface MfaSetupStep extends ChallengeStepBase {
  challengeName: 'MFA_SETUP';
  answers?: Array<'SOFTWARE_TOKEN_MFA_CODE'>;
  options?: undefined;
  /** The authenticator-app secret and its otpauth:// URI. */
  totp?: TOTPSetup;
  respond(answers?: ChallengeAnswers<'SOFTWARE_TOKEN_MFA_CODE' | 'FRIENDLY_DEVICE_NAME' | 'EMAIL'>, options?: RespondOptions): Promise<Step>;
}

/** CUSTOM_CHALLENGE (CUSTOM_AUTH, CUSTOM_WITH_SRP): answer ANSWER, which your Verify Auth Challenge trigger checks. */
export interface CustomChallengeStep extends ChallengeStepBase {
  challengeName: 'CUSTOM_CHALLENGE';
  answers?: Array<'ANSWER'>;
  options?: undefined;
  totp?: undefined;
  respond(answers?: ChallengeAnswers<'ANSWER'>, options?: RespondOptions): Promise<Step>;
}

/**
 * SELECT_CHALLENGE (USER_AUTH without preferredChallenge): answer ANSWER,
 * one of options. For PASSWORD and PASSWORD_SRP the password given to
 * signIn (or resume) is used.
 */
export interface SelectChallengeStep extends ChallengeStepBase {
  challengeName: 'SELECT_CHALLENGE';
  answers?: Array<'ANSWER'>;
  /** The first challenges to choose from (Cognito's AvailableChallenges). */
  options?: Array<'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | (string & {})>;
  totp?: undefined;
  respond(answers?: ChallengeAnswers<'ANSWER'>, options?: RespondOptions): Promise<Step>;
}

/**
 * A challenge this version does not name (Cognito adds some now and
 * then): answers is unset; answer with the keys Cognito documents.
 * Because its challengeName is any string, comparing challengeName with a
 * name above narrows a ChallengeStep to that name's step or this one.
 */
export interface OtherChallengeStep extends ChallengeStepBase {
  challengeName: string;
  answers?: undefined;
  options?: undefined;
  totp?: undefined;
}

/**
 * A sign-in waiting for the caller to answer a challenge, discriminated by
 * challengeName: each member says which answers its respond takes, and
 * which of options and totp it has.
 */
export type ChallengeStep =
  | NewPasswordRequiredStep
  | SmsMfaStep
  | EmailOtpStep
  | SmsOtpStep
  | SoftwareTokenMfaStep
  | SelectMfaTypeStep
  | MfaSetupStep
  | CustomChallengeStep
  | SelectChallengeStep
  | OtherChallengeStep;

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
  /**
   * Renews the tokens with the refresh token (and the device key) and saves them;
   * concurrent calls share one request. A signOut() that starts meanwhile wins:
   * the refresh then rejects with NotAuthorizedException.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (InitiateAuth; with admin,
   *   AdminInitiateAuth): `FeatureUnavailableInTierException`, `ForbiddenException`,
   *   `InternalErrorException`, `InvalidEmailRoleAccessPolicyException`, `InvalidLambdaResponseException`,
   *   `InvalidParameterException`, `InvalidSmsRoleAccessPolicyException`,
   *   `InvalidSmsRoleTrustRelationshipException`, `InvalidUserPoolConfigurationException`,
   *   `MFAMethodNotFoundException`, `NotAuthorizedException`, `OperationNotEnabledException`,
   *   `PasswordResetRequiredException`, `ResourceNotFoundException`, `TooManyRequestsException`,
   *   `UnexpectedLambdaException`, `UnsupportedOperationException`, `UserLambdaValidationException`,
   *   `UserNotConfirmedException`, `UserNotFoundException`.
   */
  refresh(): Promise<Readonly<Tokens>>;
  /** Refreshes by itself a minute before expiry until signOut() or stopAutoRefresh(). */
  startAutoRefresh(): void;
  stopAutoRefresh(): void;
  /**
   * Revokes the refresh token (RevokeToken), or signs out of every device with
   * { global: true } (GlobalSignOut); storage is cleared even when the call fails.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (RevokeToken, GlobalSignOut):
   *   `ForbiddenException`, `InternalErrorException`, `InvalidParameterException`, `NotAuthorizedException`,
   *   `OperationNotEnabledException`, `PasswordResetRequiredException`, `ResourceNotFoundException`,
   *   `TooManyRequestsException`, `UnauthorizedException`, `UnsupportedOperationException`,
   *   `UnsupportedTokenTypeException`, `UserNotConfirmedException`.
   */
  signOut(options?: { global?: boolean | undefined }): Promise<void>;
  /**
   * The user's attributes and MFA settings.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (GetUser): `ForbiddenException`,
   *   `InternalErrorException`, `InvalidParameterException`, `NotAuthorizedException`,
   *   `OperationNotEnabledException`, `PasswordResetRequiredException`, `ResourceNotFoundException`,
   *   `TooManyRequestsException`, `UserNotConfirmedException`, `UserNotFoundException`.
   */
  getUser(): Promise<UserProfile>;
  /**
   * Deletes the user and clears storage.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (DeleteUser): `ForbiddenException`,
   *   `InternalErrorException`, `InvalidParameterException`, `NotAuthorizedException`,
   *   `OperationNotEnabledException`, `PasswordResetRequiredException`, `ResourceNotFoundException`,
   *   `TooManyRequestsException`, `UserNotConfirmedException`, `UserNotFoundException`.
   */
  deleteUser(): Promise<void>;
  /**
   * Changes the password; resolves to {}.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (ChangePassword):
   *   `ForbiddenException`, `InternalErrorException`, `InvalidParameterException`,
   *   `InvalidPasswordException`, `LimitExceededException`, `NotAuthorizedException`,
   *   `OperationNotEnabledException`, `PasswordHistoryPolicyViolationException`,
   *   `PasswordResetRequiredException`, `ResourceNotFoundException`, `TooManyRequestsException`,
   *   `UserNotConfirmedException`, `UserNotFoundException`.
   */
  changePassword(previousPassword: string, proposedPassword: string): Promise<Record<string, never>>;
  /**
   * Sets attributes; resolves to where codes went for those that need verifying.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (UpdateUserAttributes):
   *   `AliasExistsException`, `CodeDeliveryFailureException`, `CodeMismatchException`,
   *   `ExpiredCodeException`, `ForbiddenException`, `InternalErrorException`,
   *   `InvalidEmailRoleAccessPolicyException`, `InvalidLambdaResponseException`, `InvalidParameterException`,
   *   `InvalidSmsRoleAccessPolicyException`, `InvalidSmsRoleTrustRelationshipException`,
   *   `NotAuthorizedException`, `OperationNotEnabledException`, `PasswordResetRequiredException`,
   *   `ResourceNotFoundException`, `TooManyRequestsException`, `UnexpectedLambdaException`,
   *   `UserLambdaValidationException`, `UserNotConfirmedException`, `UserNotFoundException`.
   */
  updateAttributes(attributes: Record<string, string>): Promise<CodeDelivery[]>;
  /**
   * Sends a verification code for 'email' or 'phone_number'.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (GetUserAttributeVerificationCode):
   *   `CodeDeliveryFailureException`, `ForbiddenException`, `InternalErrorException`,
   *   `InvalidEmailRoleAccessPolicyException`, `InvalidLambdaResponseException`, `InvalidParameterException`,
   *   `InvalidSmsRoleAccessPolicyException`, `InvalidSmsRoleTrustRelationshipException`,
   *   `LimitExceededException`, `NotAuthorizedException`, `OperationNotEnabledException`,
   *   `PasswordResetRequiredException`, `ResourceNotFoundException`, `TooManyRequestsException`,
   *   `UnexpectedLambdaException`, `UserLambdaValidationException`, `UserNotConfirmedException`,
   *   `UserNotFoundException`.
   */
  sendAttributeCode(attribute: string): Promise<CodeDelivery>;
  /**
   * Verifies an attribute with the code sent; resolves to {}.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (VerifyUserAttribute):
   *   `AliasExistsException`, `CodeMismatchException`, `ExpiredCodeException`, `ForbiddenException`,
   *   `InternalErrorException`, `InvalidParameterException`, `LimitExceededException`,
   *   `NotAuthorizedException`, `OperationNotEnabledException`, `PasswordResetRequiredException`,
   *   `ResourceNotFoundException`, `TooManyRequestsException`, `UserNotConfirmedException`,
   *   `UserNotFoundException`.
   */
  verifyAttribute(attribute: string, code: string): Promise<Record<string, never>>;
  /**
   * Starts authenticator-app MFA: the secret and its otpauth:// URI, to show as a QR code.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (AssociateSoftwareToken):
   *   `ConcurrentModificationException`, `ForbiddenException`, `InternalErrorException`,
   *   `InvalidParameterException`, `NotAuthorizedException`, `OperationNotEnabledException`,
   *   `ResourceNotFoundException`, `SoftwareTokenMFANotFoundException`.
   */
  setupTotp(): Promise<TOTPSetup>;
  /**
   * Confirms the app with its first code; resolves to {}. A code Cognito does not
   * accept rejects with EnableSoftwareTokenMFAException (or CodeMismatchException).
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (VerifySoftwareToken):
   *   `CodeMismatchException`, `EnableSoftwareTokenMFAException`, `ForbiddenException`,
   *   `InternalErrorException`, `InvalidParameterException`, `InvalidUserPoolConfigurationException`,
   *   `NotAuthorizedException`, `OperationNotEnabledException`, `PasswordResetRequiredException`,
   *   `ResourceNotFoundException`, `SoftwareTokenMFANotFoundException`, `TooManyRequestsException`,
   *   `UserNotConfirmedException`, `UserNotFoundException`.
   */
  verifyTotp(code: string, friendlyName?: string): Promise<Record<string, never>>;
  /**
   * Enables, disables or prefers MFA methods; what is left out stays as it is. Resolves to {}.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (SetUserMFAPreference):
   *   `ForbiddenException`, `InternalErrorException`, `InvalidParameterException`, `NotAuthorizedException`,
   *   `OperationNotEnabledException`, `PasswordResetRequiredException`, `ResourceNotFoundException`,
   *   `UserNotConfirmedException`, `UserNotFoundException`.
   */
  setMfaPreference(preference: { sms?: MFASetting; totp?: MFASetting; email?: MFASetting }): Promise<Record<string, never>>;
  /**
   * The user's remembered devices (at most 60).
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (ListDevices):
   *   `ForbiddenException`, `InternalErrorException`, `InvalidParameterException`,
   *   `InvalidUserPoolConfigurationException`, `NotAuthorizedException`, `OperationNotEnabledException`,
   *   `PasswordResetRequiredException`, `ResourceNotFoundException`, `TooManyRequestsException`,
   *   `UserNotConfirmedException`, `UserNotFoundException`.
   */
  listDevices(): Promise<DeviceInfo[]>;
  /**
   * Marks this session's device remembered (the default) or not remembered; resolves
   * to {}. InvalidParameterException when the session has no confirmed device.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (UpdateDeviceStatus):
   *   `ForbiddenException`, `InternalErrorException`, `InvalidParameterException`,
   *   `InvalidUserPoolConfigurationException`, `NotAuthorizedException`, `OperationNotEnabledException`,
   *   `PasswordResetRequiredException`, `ResourceNotFoundException`, `TooManyRequestsException`,
   *   `UserNotConfirmedException`, `UserNotFoundException`.
   */
  rememberDevice(remember?: boolean): Promise<Record<string, never>>;
  /**
   * Forgets a device (this one by default) at Cognito and, if it is this one, in storage.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (ForgetDevice):
   *   `ForbiddenException`, `InternalErrorException`, `InvalidParameterException`,
   *   `InvalidUserPoolConfigurationException`, `NotAuthorizedException`, `OperationNotEnabledException`,
   *   `PasswordResetRequiredException`, `ResourceNotFoundException`, `TooManyRequestsException`,
   *   `UserNotConfirmedException`, `UserNotFoundException`.
   */
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

/**
 * Every rejection is an Error whose name is Cognito's exception name or a
 * ClientErrorName. Each method's documentation lists the names it can
 * reject with: the client's, and those AWS's API model declares for the
 * Cognito operations it calls. Any call to Cognito can also meet AWS's
 * common errors (ThrottlingException, UnrecognizedClientException, …).
 */
export interface CognitoSRPError extends Error {
  name: ClientErrorName | 'NotAuthorizedException' | 'UserNotFoundException' | (string & {});
  /** The HTTP status Cognito answered with, when it answered. */
  statusCode?: number;
}

export interface CognitoSRP {
  /** The Go module's version. */
  readonly version: string;
  /**
   * Starts a sign-in and runs it as far as it can without the caller: to tokens,
   * or to the first challenge that needs a person. With admin (Node), through the
   * admin operations.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (InitiateAuth,
   *   RespondToAuthChallenge, AssociateSoftwareToken; with admin, AdminInitiateAuth,
   *   AdminRespondToAuthChallenge): `AliasExistsException`, `CodeMismatchException`,
   *   `ConcurrentModificationException`, `ExpiredCodeException`, `FeatureUnavailableInTierException`,
   *   `ForbiddenException`, `InternalErrorException`, `InvalidEmailRoleAccessPolicyException`,
   *   `InvalidLambdaResponseException`, `InvalidParameterException`, `InvalidPasswordException`,
   *   `InvalidSmsRoleAccessPolicyException`, `InvalidSmsRoleTrustRelationshipException`,
   *   `InvalidUserPoolConfigurationException`, `MFAMethodNotFoundException`, `NotAuthorizedException`,
   *   `OperationNotEnabledException`, `PasswordHistoryPolicyViolationException`,
   *   `PasswordResetRequiredException`, `ResourceNotFoundException`, `SoftwareTokenMFANotFoundException`,
   *   `TooManyRequestsException`, `UnexpectedLambdaException`, `UnsupportedOperationException`,
   *   `UserLambdaValidationException`, `UserNotConfirmedException`, `UserNotFoundException`.
   */
  signIn(options: SignInOptions): Promise<Step>;
  /**
   * Continues a step saved with JSON.stringify until Cognito's session expires.
   * Sends nothing: the step's respond does.
   * @throws {CognitoSRPError} `InvalidParameterException` (a saved step that is done, or not a step; bad
   *   options).
   */
  resume(saved: object, options: ClientOptions & SessionOptions & { password?: string | undefined; device?: DeviceCredentials | undefined }): Promise<Step>;
  /**
   * The user whose tokens are in storage, or null (also when the stored tokens are
   * not JWTs). Synchronous; sends nothing.
   * @throws {CognitoSRPError} `InvalidParameterException` (bad options or storage), thrown.
   */
  currentUser(options: ClientOptions & SessionOptions): UserSession | null;
  /**
   * Registers a user.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (SignUp):
   *   `CodeDeliveryFailureException`, `ForbiddenException`, `InternalErrorException`,
   *   `InvalidEmailRoleAccessPolicyException`, `InvalidLambdaResponseException`, `InvalidParameterException`,
   *   `InvalidPasswordException`, `InvalidSmsRoleAccessPolicyException`,
   *   `InvalidSmsRoleTrustRelationshipException`, `LimitExceededException`, `NotAuthorizedException`,
   *   `OperationNotEnabledException`, `ResourceNotFoundException`, `TooManyRequestsException`,
   *   `UnexpectedLambdaException`, `UserLambdaValidationException`, `UsernameExistsException`.
   */
  signUp(options: ClientOptions & { username: string; password: string; attributes?: Record<string, string> | undefined; clientMetadata?: Record<string, string> | undefined }):
    Promise<{ userConfirmed: boolean; userSub: string; codeDelivery?: CodeDelivery }>;
  /**
   * Confirms a sign-up with the code sent; resolves to {}.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (ConfirmSignUp):
   *   `AliasExistsException`, `CodeMismatchException`, `ExpiredCodeException`, `ForbiddenException`,
   *   `InternalErrorException`, `InvalidLambdaResponseException`, `InvalidParameterException`,
   *   `LimitExceededException`, `NotAuthorizedException`, `OperationNotEnabledException`,
   *   `ResourceNotFoundException`, `TooManyFailedAttemptsException`, `TooManyRequestsException`,
   *   `UnexpectedLambdaException`, `UserLambdaValidationException`, `UserNotFoundException`.
   */
  confirmSignUp(options: ClientOptions & { username: string; code: string; clientMetadata?: Record<string, string> | undefined }): Promise<Record<string, never>>;
  /**
   * Sends the sign-up code again.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (ResendConfirmationCode):
   *   `CodeDeliveryFailureException`, `ForbiddenException`, `InternalErrorException`,
   *   `InvalidEmailRoleAccessPolicyException`, `InvalidLambdaResponseException`, `InvalidParameterException`,
   *   `InvalidSmsRoleAccessPolicyException`, `InvalidSmsRoleTrustRelationshipException`,
   *   `LimitExceededException`, `NotAuthorizedException`, `OperationNotEnabledException`,
   *   `ResourceNotFoundException`, `TooManyRequestsException`, `UnexpectedLambdaException`,
   *   `UserLambdaValidationException`, `UserNotFoundException`.
   */
  resendConfirmationCode(options: ClientOptions & { username: string }): Promise<CodeDelivery>;
  /**
   * Sends a code to reset the password with.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (ForgotPassword):
   *   `CodeDeliveryFailureException`, `ForbiddenException`, `InternalErrorException`,
   *   `InvalidEmailRoleAccessPolicyException`, `InvalidLambdaResponseException`, `InvalidParameterException`,
   *   `InvalidSmsRoleAccessPolicyException`, `InvalidSmsRoleTrustRelationshipException`,
   *   `LimitExceededException`, `NotAuthorizedException`, `OperationNotEnabledException`,
   *   `ResourceNotFoundException`, `TooManyRequestsException`, `UnexpectedLambdaException`,
   *   `UserLambdaValidationException`, `UserNotFoundException`.
   */
  forgotPassword(options: ClientOptions & { username: string }): Promise<CodeDelivery>;
  /**
   * Sets a new password with the code forgotPassword sent; resolves to {}.
   * @throws {CognitoSRPError} Any {@link ClientErrorName}; from Cognito (ConfirmForgotPassword):
   *   `CodeMismatchException`, `ExpiredCodeException`, `ForbiddenException`, `InternalErrorException`,
   *   `InvalidLambdaResponseException`, `InvalidParameterException`, `InvalidPasswordException`,
   *   `LimitExceededException`, `NotAuthorizedException`, `OperationNotEnabledException`,
   *   `PasswordHistoryPolicyViolationException`, `ResourceNotFoundException`,
   *   `TooManyFailedAttemptsException`, `TooManyRequestsException`, `UnexpectedLambdaException`,
   *   `UserLambdaValidationException`, `UserNotConfirmedException`, `UserNotFoundException`.
   */
  confirmForgotPassword(options: ClientOptions & { username: string; code: string; newPassword: string }): Promise<Record<string, never>>;
  /**
   * Decodes a JWT's payload without verifying it. Synchronous.
   * @throws {CognitoSRPError} `InvalidResponseError` (not a JWT with a JSON object as its payload), thrown.
   */
  decodeJWT(token: string): Record<string, unknown>;
}

/**
 * Starts the WebAssembly module and resolves to the sign-in API. Call it once and
 * share the result: each call starts another copy of the module.
 * @throws {CognitoSRPError} `InvalidParameterException` (bad options), `LoadError` (the .wasm or the
 *   worker could not be fetched, compiled or started; aborted).
 */
export function load(options?: LoadOptions): Promise<CognitoSRP>;
export const version: string;
