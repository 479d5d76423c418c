package localcognito

import (
	"errors"
	"net/http"
	"slices"
)

// The glue between the operations and the triggers: pool configuration,
// and the points in each operation where a trigger fires.

// signInPolicyInput is SignInPolicyType.
type signInPolicyInput struct {
	AllowedFirstAuthFactors []string `json:"AllowedFirstAuthFactors"`
}

// checkTriggers validates LambdaConfig and SignInPolicy.
func (in *createUserPoolInput) checkTriggers() *apiError {
	if _, e := in.LambdaConfig.config(); e != nil {
		return e
	}
	if in.Policies != nil && in.Policies.SignInPolicy != nil {
		return checkFirstFactors("policies.signInPolicy.allowedFirstAuthFactors", in.Policies.SignInPolicy.AllowedFirstAuthFactors)
	}
	return nil
}

// applyTriggers sets what checkTriggers accepted; left out, both go back
// to their defaults, as UpdateUserPool does.
func (in *createUserPoolInput) applyTriggers(p *userPool) {
	p.lambda, _ = in.LambdaConfig.config()
	p.firstFactors = nil
	if in.Policies != nil && in.Policies.SignInPolicy != nil {
		p.firstFactors = slices.Clone(in.Policies.SignInPolicy.AllowedFirstAuthFactors)
	}
}

// lambdaView is LambdaConfigType as DescribeUserPool reports it: {}
// without triggers.
func lambdaView(p *userPool) *lambdaConfig {
	if p.lambda == nil {
		return &lambdaConfig{}
	}
	return p.lambda
}

// seedLambda is a seed pool's lambdaConfig, keyed as LambdaConfigType;
// PreTokenGenerationVersion (V1_0, V2_0, V3_0) picks the event version.
type seedLambda struct {
	PreSignUp                   string `yaml:"PreSignUp"`
	CustomMessage               string `yaml:"CustomMessage"`
	PostConfirmation            string `yaml:"PostConfirmation"`
	PreAuthentication           string `yaml:"PreAuthentication"`
	PostAuthentication          string `yaml:"PostAuthentication"`
	DefineAuthChallenge         string `yaml:"DefineAuthChallenge"`
	CreateAuthChallenge         string `yaml:"CreateAuthChallenge"`
	VerifyAuthChallengeResponse string `yaml:"VerifyAuthChallengeResponse"`
	PreTokenGeneration          string `yaml:"PreTokenGeneration"`
	PreTokenGenerationVersion   string `yaml:"PreTokenGenerationVersion"`
	UserMigration               string `yaml:"UserMigration"`
}

// configureTriggers applies a seed pool's lambdaConfig and
// allowedFirstAuthFactors with CreateUserPool's checks.
func (sp *seedPool) configureTriggers(p *userPool) error {
	if l := sp.LambdaConfig; l != nil {
		in := &lambdaConfigInput{lambdaConfig: lambdaConfig{PreSignUp: l.PreSignUp, CustomMessage: l.CustomMessage,
			PostConfirmation: l.PostConfirmation, PreAuthentication: l.PreAuthentication, PostAuthentication: l.PostAuthentication,
			DefineAuthChallenge: l.DefineAuthChallenge, CreateAuthChallenge: l.CreateAuthChallenge,
			VerifyAuthChallengeResponse: l.VerifyAuthChallengeResponse, UserMigration: l.UserMigration}}
		if l.PreTokenGeneration != "" {
			version := l.PreTokenGenerationVersion
			if version == "" {
				version = "V1_0"
			}
			in.PreTokenGenerationConfig = &preTokenConfig{LambdaArn: l.PreTokenGeneration, LambdaVersion: version}
		} else if l.PreTokenGenerationVersion != "" {
			return errors.New("lambdaConfig: PreTokenGenerationVersion needs PreTokenGeneration")
		}
		c, e := in.config()
		if e != nil {
			return errors.New("lambdaConfig: " + e.Message)
		}
		p.lambda = c
	}
	if e := checkFirstFactors("allowedFirstAuthFactors", sp.AllowedFirstAuthFactors); e != nil {
		return errors.New(e.Message)
	}
	p.firstFactors = slices.Clone(sp.AllowedFirstAuthFactors)
	return nil
}

// later runs fn once the handler is done and the store unlocked; an
// error fails the request, though what the handler did stays done.
func (rc *reqCtx) later(fn func() *apiError) {
	rc.trigger.after = append(rc.trigger.after, fn)
}

// runLater runs the request's deferred triggers.
func (s *Server) runLater(rc *reqCtx) *apiError {
	fns := rc.trigger.after
	rc.trigger.after = nil
	for _, fn := range fns {
		if e := fn(); e != nil {
			return e
		}
	}
	return nil
}

// afterPostConfirmation schedules the post confirmation trigger for a
// user just confirmed; s.store.mu may be held.
func (s *Server) afterPostConfirmation(rc *reqCtx, username, source string) {
	poolID := rc.pool
	rc.later(func() *apiError { return s.postConfirmation(rc, poolID, username, source) })
}

// signUpTrigger runs SignUp's checks early, then the pre sign-up
// trigger, with no lock held.
func (s *Server) signUpTrigger(rc *reqCtx, c *appClient, username, password string, attrs []attribute) (*preSignUpResponse, *apiError) {
	if arn, _ := s.poolTrigger(c.poolID, trigPreSignUp); arn == "" {
		return &preSignUpResponse{}, nil
	}
	s.store.mu.Lock()
	p, e := s.store.poolLocked(c.poolID)
	if e == nil && len(p.usernameAttrs) == 0 && p.lookup(username) != nil {
		e = newError(http.StatusBadRequest, "UsernameExistsException", "User already exists")
	}
	if e == nil {
		e = checkPassword("password", password, p.policy)
	}
	s.store.mu.Unlock()
	if e != nil {
		return nil, e
	}
	return s.preSignUp(rc, c.poolID, c.id, username, "PreSignUp_SignUp", attrs)
}

func (r *preSignUpResponse) status() string {
	if r.AutoConfirmUser {
		return "CONFIRMED"
	}
	return "UNCONFIRMED"
}

// autoConfirmed applies a pre sign-up result to a new user and reports
// whether the user is confirmed; s.store.mu is held.
func (s *Server) autoConfirmed(rc *reqCtx, u *user, r *preSignUpResponse) bool {
	if r.AutoVerifyEmail {
		u.setAttr("email_verified", "true")
	}
	if r.AutoVerifyPhone {
		u.setAttr("phone_number_verified", "true")
	}
	if r.AutoConfirmUser {
		s.afterPostConfirmation(rc, u.username, "PostConfirmation_ConfirmSignUp")
	}
	return r.AutoConfirmUser
}

// passwordTriggers runs before USER_PASSWORD_AUTH and the admin password
// flows check a password: an unknown user goes to the user migration
// trigger, which may create it; a known one to pre authentication. Any
// other refusal is left for the password check to report.
func (s *Server) passwordTriggers(rc *reqCtx, c *appClient, username, password string) *apiError {
	u, e := s.signInUser(rc, c.poolID, username)
	switch {
	case e != nil && e.Type == "UserNotFoundException":
		_, me := s.migrateUser(rc, c, username, password)
		return me
	case e != nil:
		return nil
	}
	return s.preAuthentication(rc, c, u.username)
}

// migrateForgotten runs UserMigration_ForgotPassword for ForgotPassword
// on an unknown user; anything else wrong with the call is left for
// ForgotPassword's own checks to report.
func (s *Server) migrateForgotten(rc *reqCtx, in *clientUserInput) *apiError {
	c, e := s.authClient(rc, in.ClientID)
	if e != nil || checkUsername("username", in.Username) != nil || checkSecretHash(c, in.Username, in.SecretHash) != nil {
		return nil
	}
	s.store.mu.Lock()
	p := s.store.pools[c.poolID]
	known := p == nil || p.lookup(in.Username) != nil
	s.store.mu.Unlock()
	if known {
		return nil
	}
	_, e = s.migrateUser(rc, c, in.Username, "")
	return e
}

// beforeTokens runs post authentication and pre token generation at the
// end of a sign-in. newDevice says the sign-in was given a new device.
func (s *Server) beforeTokens(rc *reqCtx, st *challengeState, u *user, newDevice bool) *apiError {
	s.store.mu.Lock()
	p := s.store.pools[st.poolID]
	remembers := p != nil && p.devices != nil
	s.store.mu.Unlock()
	var nd *bool
	if remembers {
		nd = &newDevice
	}
	if e := s.postAuthentication(rc, st, userAttributeMap(u), nd); e != nil {
		return e
	}
	return s.preTokenGeneration(rc, st.poolID, st.clientID, u, tokenSource(st))
}
