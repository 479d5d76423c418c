package localcognito

import (
	"sync"
	"time"
)

// passwordPolicy is a pool's PasswordPolicyType.
type passwordPolicy struct {
	MinimumLength                 int  `json:"MinimumLength"`
	RequireUppercase              bool `json:"RequireUppercase"`
	RequireLowercase              bool `json:"RequireLowercase"`
	RequireNumbers                bool `json:"RequireNumbers"`
	RequireSymbols                bool `json:"RequireSymbols"`
	TemporaryPasswordValidityDays int  `json:"TemporaryPasswordValidityDays"`
}

// defaultPasswordPolicy is what Cognito applies when CreateUserPool names none.
func defaultPasswordPolicy() passwordPolicy {
	return passwordPolicy{
		MinimumLength: 8, RequireUppercase: true, RequireLowercase: true,
		RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7,
	}
}

type userPool struct {
	id         string
	name       string
	policy     passwordPolicy
	autoVerify []string // AutoVerifiedAttributes: email and/or phone_number
	mfa        poolMFA
	devices    *deviceConfig // nil: devices are not remembered
	// usernameAttrs (UsernameAttributes: email, phone_number) makes users
	// sign in with those and gives them a UUID user name; aliasAttrs
	// (AliasAttributes) lets a verified email or phone number, or a
	// preferred_username, stand in for the user name. caseInsensitive
	// (UsernameConfiguration.CaseSensitive false) folds user names and
	// aliases to lower case. See usernames.go.
	usernameAttrs   []string
	aliasAttrs      []string
	caseInsensitive bool
	created         time.Time
	modified        time.Time
	users           map[string]*user // by user name (case-sensitive, Cognito's API default)

	lambda *lambdaConfig // LambdaConfig; nil: no triggers
	// firstFactors is SignInPolicy.AllowedFirstAuthFactors, for USER_AUTH.
	firstFactors []string
	// required names the standard attributes Schema marks Required; see
	// schema.go.
	required []string
}

// deviceConfig is DeviceConfigurationType.
type deviceConfig struct {
	ChallengeRequiredOnNewDevice     bool `json:"ChallengeRequiredOnNewDevice"`
	DeviceOnlyRememberedOnUserPrompt bool `json:"DeviceOnlyRememberedOnUserPrompt"`
}

// srpRealm is the "pool name" SRP hashes into x and the claim: the part of
// the pool id after the underscore.
func (p *userPool) srpRealm() string { return realmOf(p.id) }

type appClient struct {
	id        string
	poolID    string
	name      string
	secret    string // "" when the client has none
	authFlows []string
	rotation  *rotationConfig // nil: refresh tokens are not rotated
	// preventExistence is PreventUserExistenceErrors ENABLED; see existence.go.
	preventExistence bool
	created          time.Time
	modified         time.Time
}

// rotationConfig is an ENABLED RefreshTokenRotationType.
type rotationConfig struct {
	graceSeconds int
}

type attribute struct {
	Name  string `json:"Name"`
	Value string `json:"Value"`
}

// user holds no password: only the SRP salt and verifier derived from it.
type user struct {
	username string
	sub      string
	attrs    []attribute // without sub, in the order first set
	status   string
	enabled  bool
	created  time.Time
	modified time.Time
	salt     string // SALT as sent to clients (signed hex)
	verifier []byte
	codes    map[string]*pendingCode // by purpose; only code hashes are kept
	mfa      userMFA
	lock     lockout
	devices  map[string]*device // by device key
}

func (u *user) attr(name string) (string, bool) {
	for _, a := range u.attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

func (u *user) setAttr(name, value string) {
	for i := range u.attrs {
		if u.attrs[i].Name == name {
			u.attrs[i].Value = value
			return
		}
	}
	u.attrs = append(u.attrs, attribute{Name: name, Value: value})
}

// allAttrs is what AdminGetUser returns: sub first, then the rest.
func (u *user) allAttrs() []attribute {
	out := make([]attribute, 0, len(u.attrs)+1)
	out = append(out, attribute{Name: "sub", Value: u.sub})
	return append(out, u.attrs...)
}

// challengeState is what a SECRET_BLOCK or Session handle stands for.
type challengeState struct {
	kind      string // handleSRP or handleSession
	poolID    string
	clientID  string
	username  string
	srpKey    []byte // PASSWORD_VERIFIER and DEVICE_PASSWORD_VERIFIER
	expires   time.Time
	next      string    // the challenge this Session answers
	deviceKey string    // DEVICE_KEY the sign-in started with
	code      []byte    // SHA-256 of an SMS or email MFA code
	codeUntil time.Time // the MFA code's expiry
	totp      string    // a secret being set up under MFA_SETUP
	verified  bool      // VerifySoftwareToken accepted the set-up code
	misses    int       // wrong MFA codes so far
	admin     bool      // started by AdminInitiateAuth

	custom *customFlow // a CUSTOM_AUTH sign-in's challenge history
}

// authSession is one sign-in: its refresh token and every access token
// issued from it share origin_jti, the key here.
type authSession struct {
	poolID      string
	clientID    string
	username    string
	deviceKey   string
	authTime    time.Time
	refreshHash string // the current refresh token's SHA-256
	// prevHash stays valid until prevUntil: the rotation grace period.
	prevHash  string
	prevUntil time.Time
	revoked   bool
	expires   time.Time
}

// store is the server's whole state, in memory, behind mu; pending
// challenges have their own mutex, taken after mu when both are needed.
//
// With Options.DataDir, everything but challenges is also written to disk
// (persist.go): code that changes a pool, client, user or session must
// touch it (touchPool, touchClient, touchUser, touchSession) while mu is
// held; the lookups userLocked and lookupLocked touch the user they
// return. Pending challenges (SECRET_BLOCK and Session handles, which
// live for Options.SessionTTL) stay in memory only: a restart ends sign-ins
// in progress, as a lost handle would, and keeping them off disk keeps the
// first sign-in step free of disk writes.
type store struct {
	mu         sync.Mutex
	pools      map[string]*userPool
	clients    map[string]*appClient // client ids are unique across pools
	chMu       sync.Mutex
	challenges map[string]*challengeState
	sessions   map[string]*authSession // by origin_jti
	refresh    map[string]string       // refresh token SHA-256 → origin_jti
	// phantoms are the lockouts of names no user has (see lockout.go).
	phantoms map[string]*lockout
	journal  *journal // nil without Options.DataDir
}

func newStore() *store {
	return &store{
		pools:      map[string]*userPool{},
		clients:    map[string]*appClient{},
		challenges: map[string]*challengeState{},
		sessions:   map[string]*authSession{},
		refresh:    map[string]string{},
		phantoms:   map[string]*lockout{},
	}
}

// poolLocked returns the pool or ResourceNotFoundException; s.mu is held.
func (s *store) poolLocked(id string) (*userPool, *apiError) {
	p, ok := s.pools[id]
	if !ok {
		return nil, errPoolNotFound(id)
	}
	return p, nil
}

// userLocked returns a pool's user by internal user name, or nil, and
// touches it; s.mu is held.
func (s *store) userLocked(poolID, username string) *user {
	if p := s.pools[poolID]; p != nil {
		s.touchUser(poolID, username)
		return p.users[username]
	}
	return nil
}

// lookupLocked finds a user by what a caller typed: the user name or an
// alias (see userPool.lookup). It touches the user; s.mu is held.
func (s *store) lookupLocked(p *userPool, name string) *user {
	u := p.lookup(name)
	if u != nil {
		s.touchUser(p.id, u.username)
	}
	return u
}

// clientLocked returns a client of the given pool; s.mu is held.
func (s *store) clientLocked(poolID, clientID string) (*appClient, *apiError) {
	c, ok := s.clients[clientID]
	if !ok || c.poolID != poolID {
		return nil, errClientNotFound(clientID)
	}
	return c, nil
}

// putChallenge stores a pending challenge, dropping expired ones so the
// map cannot grow without bound.
func (s *store) putChallenge(id string, c *challengeState, now time.Time) {
	s.chMu.Lock()
	defer s.chMu.Unlock()
	for k, v := range s.challenges {
		if now.After(v.expires) {
			delete(s.challenges, k)
		}
	}
	s.challenges[id] = c
}

// takeChallenge removes and returns a challenge: handles are single-use.
func (s *store) takeChallenge(id string) (*challengeState, bool) {
	s.chMu.Lock()
	defer s.chMu.Unlock()
	c, ok := s.challenges[id]
	delete(s.challenges, id)
	return c, ok
}
