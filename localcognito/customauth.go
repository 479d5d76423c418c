package localcognito

import (
	"maps"
	"slices"
)

// CUSTOM_AUTH: the DefineAuthChallenge, CreateAuthChallenge and
// VerifyAuthChallengeResponse loop of the developer guide's "Custom
// authentication challenge Lambda triggers". Define sees the session so
// far and says what comes next: a challenge, tokens, or failure. Create
// makes a CUSTOM_CHALLENGE: its publicChallengeParameters go to the client
// as ChallengeParameters, its privateChallengeParameters stay in the
// sign-in's state for Verify, which judges ChallengeResponses.ANSWER.
//
// With AuthParameters CHALLENGE_NAME=SRP_A and SRP_A, the session starts
// as [SRP_A true]; when Define answers PASSWORD_VERIFIER the client proves
// the password with real SRP, and a verified claim adds
// [PASSWORD_VERIFIER true] before Define is asked again.

// challengeResult is one entry of request.session.
type challengeResult struct {
	ChallengeName     string  `json:"challengeName"`
	ChallengeResult   bool    `json:"challengeResult"`
	ChallengeMetadata *string `json:"challengeMetadata"`
}

// customFlow is a custom sign-in's state between calls.
type customFlow struct {
	session  []challengeResult
	private  map[string]string // the current challenge's privateChallengeParameters
	metadata *string           // the current challenge's challengeMetadata
}

func (f *customFlow) clone() *customFlow {
	return &customFlow{session: slices.Clone(f.session), private: maps.Clone(f.private), metadata: f.metadata}
}

type defineRequest struct {
	UserAttributes map[string]string `json:"userAttributes"`
	Session        []challengeResult `json:"session"`
	ClientMetadata map[string]string `json:"clientMetadata,omitempty"`
}

type defineResponse struct {
	ChallengeName      *string `json:"challengeName"`
	IssueTokens        *bool   `json:"issueTokens"`
	FailAuthentication *bool   `json:"failAuthentication"`
}

type createRequest struct {
	UserAttributes map[string]string `json:"userAttributes"`
	ChallengeName  string            `json:"challengeName"`
	Session        []challengeResult `json:"session"`
	ClientMetadata map[string]string `json:"clientMetadata,omitempty"`
}

type createResponse struct {
	PublicChallengeParameters  map[string]string `json:"publicChallengeParameters"`
	PrivateChallengeParameters map[string]string `json:"privateChallengeParameters"`
	ChallengeMetadata          *string           `json:"challengeMetadata"`
}

type verifyRequest struct {
	UserAttributes             map[string]string `json:"userAttributes"`
	PrivateChallengeParameters map[string]string `json:"privateChallengeParameters"`
	ChallengeAnswer            string            `json:"challengeAnswer"`
	ClientMetadata             map[string]string `json:"clientMetadata,omitempty"`
}

type verifyResponse struct {
	AnswerCorrect *bool `json:"answerCorrect"`
}

const msgCustomAuthNotConfigured = "Custom auth lambda trigger is not configured for the user pool."

// srpStart is the first SRP step of SRP-then-custom, kept until Define
// asks for PASSWORD_VERIFIER.
type srpStart struct {
	salt, b string
}

func (s *Server) startCustomAuth(rc *reqCtx, c *appClient, params map[string]string, admin bool) (*initiateAuthOutput, *apiError) {
	if e := requireParams(params, "USERNAME"); e != nil {
		return nil, e
	}
	username := params["USERNAME"]
	if e := checkSecretHash(c, username, params["SECRET_HASH"]); e != nil {
		return nil, e
	}
	if arn, _ := s.poolTrigger(c.poolID, trigDefine); arn == "" {
		return nil, errInvalidParameter(msgCustomAuthNotConfigured)
	}
	u, e := s.signInUser(rc, c.poolID, username)
	if e != nil {
		return nil, e
	}
	if e := s.preAuthentication(rc, c, u.username); e != nil {
		return nil, e
	}
	st := &challengeState{poolID: c.poolID, clientID: c.id, username: u.username, deviceKey: params["DEVICE_KEY"],
		admin: admin, custom: &customFlow{session: []challengeResult{}}}
	var start *srpStart
	switch params["CHALLENGE_NAME"] {
	case "", "CUSTOM_CHALLENGE":
	case "SRP_A":
		if e := requireParams(params, "SRP_A"); e != nil {
			return nil, e
		}
		key, srpB, e := s.serverExchange(u.verifier, params["SRP_A"], !c.preventExistence)
		if e != nil {
			return nil, e
		}
		st.srpKey, start = key, &srpStart{salt: u.salt, b: srpB}
		st.custom.session = append(st.custom.session, challengeResult{ChallengeName: "SRP_A", ChallengeResult: true})
	default:
		return nil, errInvalidParameter("CHALLENGE_NAME must be SRP_A or CUSTOM_CHALLENGE.")
	}
	return s.defineNext(rc, st, start)
}

// defineNext asks DefineAuthChallenge what follows the session so far.
func (s *Server) defineNext(rc *reqCtx, st *challengeState, start *srpStart) (*initiateAuthOutput, *apiError) {
	arn, _ := s.poolTrigger(st.poolID, trigDefine)
	if arn == "" {
		return nil, errInvalidParameter(msgCustomAuthNotConfigured)
	}
	attrs := s.userAttrs(st.poolID, st.username)
	if attrs == nil {
		return nil, errUserNotFound()
	}
	resp := &defineResponse{}
	ev := s.newEvent(st.poolID, st.clientID, st.username, "DefineAuthChallenge_Authentication",
		&defineRequest{UserAttributes: attrs, Session: st.custom.session, ClientMetadata: rc.trigger.clientMetadata}, resp)
	if e := s.invoke(rc, trigDefine, arn, ev); e != nil {
		return nil, e
	}
	switch {
	case resp.FailAuthentication != nil && *resp.FailAuthentication:
		return nil, errIncorrectPassword("DefineAuthChallenge set failAuthentication")
	case resp.IssueTokens != nil && *resp.IssueTokens:
		if attrs["cognito:user_status"] == "UNCONFIRMED" {
			return nil, errUserNotConfirmed()
		}
		done := *st
		done.custom, done.srpKey = nil, nil
		return s.afterNewPassword(rc, &done)
	case resp.ChallengeName == nil:
		return nil, errInvalidLambdaResponse(msgLambdaUnrecognized).withReason("DefineAuthChallenge named no challenge and issued no tokens")
	}
	switch name := *resp.ChallengeName; name {
	case "PASSWORD_VERIFIER":
		if start == nil {
			return nil, errInvalidLambdaResponse(msgLambdaUnrecognized).withReason("PASSWORD_VERIFIER needs a sign-in started with CHALLENGE_NAME SRP_A")
		}
		next := *st
		next.kind, next.custom = handleSRP, st.custom.clone()
		block := s.issueHandle(&next, rc.now)
		return passwordVerifierOutput(start.salt, start.b, block, st.username), nil
	case "CUSTOM_CHALLENGE":
		return s.createChallenge(rc, st, attrs)
	default:
		return nil, errInvalidLambdaResponse(msgLambdaUnrecognized).withReason("DefineAuthChallenge named challenge " + truncate(name, 40))
	}
}

func errUserNotConfirmed() *apiError {
	e := errInvalidParameter("User is not confirmed.")
	e.Type = "UserNotConfirmedException"
	return e
}

// createChallenge has CreateAuthChallenge make the next CUSTOM_CHALLENGE.
func (s *Server) createChallenge(rc *reqCtx, st *challengeState, attrs map[string]string) (*initiateAuthOutput, *apiError) {
	arn, _ := s.poolTrigger(st.poolID, trigCreate)
	if arn == "" {
		return nil, errInvalidParameter(msgCustomAuthNotConfigured)
	}
	resp := &createResponse{}
	ev := s.newEvent(st.poolID, st.clientID, st.username, "CreateAuthChallenge_Authentication",
		&createRequest{UserAttributes: attrs, ChallengeName: "CUSTOM_CHALLENGE", Session: st.custom.session, ClientMetadata: rc.trigger.clientMetadata}, resp)
	if e := s.invoke(rc, trigCreate, arn, ev); e != nil {
		return nil, e
	}
	next := *st
	next.srpKey = nil
	next.custom = st.custom.clone()
	next.custom.private, next.custom.metadata = resp.PrivateChallengeParameters, resp.ChallengeMetadata
	params := maps.Clone(resp.PublicChallengeParameters)
	if params == nil {
		params = map[string]string{}
	}
	params["USERNAME"] = st.username
	return s.challengeOut(rc, &next, "CUSTOM_CHALLENGE", params), nil
}

// answerCustomChallenge has VerifyAuthChallengeResponse judge ANSWER,
// records the result and asks Define again.
func (s *Server) answerCustomChallenge(rc *reqCtx, c *appClient, in *respondInput) (*initiateAuthOutput, *apiError) {
	if in.Session == "" {
		return nil, errMissingParameter("Session")
	}
	if e := requireParams(in.ChallengeResponses, "USERNAME", "ANSWER"); e != nil {
		return nil, e
	}
	st, _, e := s.takeSession(rc, c, in)
	if e != nil {
		return nil, e
	}
	if st.custom == nil {
		return nil, errNotAuthorized(msgInvalidSession).withReason("Session is not a custom sign-in's")
	}
	arn, _ := s.poolTrigger(st.poolID, trigVerify)
	if arn == "" {
		return nil, errInvalidParameter(msgCustomAuthNotConfigured)
	}
	attrs := s.userAttrs(st.poolID, st.username)
	if attrs == nil {
		return nil, errUserNotFound()
	}
	resp := &verifyResponse{}
	ev := s.newEvent(st.poolID, st.clientID, st.username, "VerifyAuthChallengeResponse_Authentication",
		&verifyRequest{UserAttributes: attrs, PrivateChallengeParameters: st.custom.private,
			ChallengeAnswer: in.ChallengeResponses["ANSWER"], ClientMetadata: rc.trigger.clientMetadata}, resp)
	if e := s.invoke(rc, trigVerify, arn, ev); e != nil {
		return nil, e
	}
	next := *st
	next.custom = st.custom.clone()
	next.custom.session = append(next.custom.session, challengeResult{ChallengeName: "CUSTOM_CHALLENGE",
		ChallengeResult: resp.AnswerCorrect != nil && *resp.AnswerCorrect, ChallengeMetadata: st.custom.metadata})
	next.custom.private, next.custom.metadata = nil, nil
	return s.defineNext(rc, &next, nil)
}

// afterCustomPassword continues SRP-then-custom once the password claim
// verified: the session records it and Define decides again.
func (s *Server) afterCustomPassword(rc *reqCtx, st *challengeState) (*initiateAuthOutput, *apiError) {
	next := *st
	next.srpKey = nil
	next.custom = st.custom.clone()
	next.custom.session = append(next.custom.session, challengeResult{ChallengeName: "PASSWORD_VERIFIER", ChallengeResult: true})
	return s.defineNext(rc, &next, nil)
}
