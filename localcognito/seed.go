package localcognito

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"time"

	"gopkg.in/yaml.v3"
)

// Seed files provision pools, clients and users at start-up:
//
//	pools:
//	  - id: us-east-1_DemoPool1      # optional
//	    name: demo
//	    autoVerifiedAttributes: [email]            # optional: SignUp sends a code
//	    mfaConfiguration: OPTIONAL                 # OFF (default), ON or OPTIONAL
//	    mfaTypes: [SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP]  # default SMS_MFA and SOFTWARE_TOKEN_MFA
//	    deviceConfiguration: {challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: false}
//	    lambdaConfig: {DefineAuthChallenge: "arn:aws:lambda:us-east-1:000000000000:function:define", PreTokenGenerationVersion: V2_0}
//	    allowedFirstAuthFactors: [PASSWORD, EMAIL_OTP, SMS_OTP]   # USER_AUTH; default [PASSWORD]
//	    usernameAttributes: [email]        # optional: sign in with email (or phone_number); user names are UUIDs
//	    aliasAttributes: [email, preferred_username]  # optional, instead: aliases for a user name
//	    caseSensitive: false               # optional; default true, as in the API
//	    requiredAttributes: [name, email]  # optional: standard attributes the schema marks Required
//	    clients:
//	      - id: democlient00000000000000001   # optional
//	        name: demo-web
//	        generateSecret: false
//	        secret: ""                         # optional, with generateSecret
//	        explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
//	        refreshTokenRotation: {feature: ENABLED, retryGracePeriodSeconds: 10}
//	        preventUserExistenceErrors: ENABLED  # default LEGACY
//	    users:
//	      - username: demo
//	        password: Passw0rd!
//	        permanent: true        # false (the default) → FORCE_CHANGE_PASSWORD
//	        status: UNCONFIRMED    # optional; overrides permanent
//	        attributes: {email: demo@example.com, email_verified: "true", phone_number: "+15555550100"}
//	        mfa: {totpSecret: JBSWY3DPEHPK3PXP, sms: true, email: false, preferred: SOFTWARE_TOKEN_MFA}

type seedFile struct {
	Pools []seedPool `yaml:"pools"`
}

type seedPool struct {
	ID                     string       `yaml:"id"`
	Name                   string       `yaml:"name"`
	AutoVerifiedAttributes []string     `yaml:"autoVerifiedAttributes"`
	MfaConfiguration       string       `yaml:"mfaConfiguration"`
	MfaTypes               []string     `yaml:"mfaTypes"`
	DeviceConfiguration    *seedDevices `yaml:"deviceConfiguration"`
	UsernameAttributes     []string     `yaml:"usernameAttributes"`
	AliasAttributes        []string     `yaml:"aliasAttributes"`
	CaseSensitive          *bool        `yaml:"caseSensitive"`
	// RequiredAttributes: standard attributes marked Required (schema.go).
	// Seeded users may lack them, as AdminCreateUser's may.
	RequiredAttributes []string     `yaml:"requiredAttributes"`
	Clients            []seedClient `yaml:"clients"`
	Users              []seedUser   `yaml:"users"`

	// lambdaConfig and allowedFirstAuthFactors: see configureTriggers.
	LambdaConfig            *seedLambda `yaml:"lambdaConfig"`
	AllowedFirstAuthFactors []string    `yaml:"allowedFirstAuthFactors"`
}

type seedDevices struct {
	ChallengeRequiredOnNewDevice     bool `yaml:"challengeRequiredOnNewDevice"`
	DeviceOnlyRememberedOnUserPrompt bool `yaml:"deviceOnlyRememberedOnUserPrompt"`
}

type seedClient struct {
	ID                   string        `yaml:"id"`
	Name                 string        `yaml:"name"`
	GenerateSecret       bool          `yaml:"generateSecret"`
	Secret               string        `yaml:"secret"`
	ExplicitAuthFlows    []string      `yaml:"explicitAuthFlows"`
	RefreshTokenRotation *seedRotation `yaml:"refreshTokenRotation"`
	// PreventUserExistenceErrors is LEGACY (the default) or ENABLED.
	PreventUserExistenceErrors string `yaml:"preventUserExistenceErrors"`
}

type seedRotation struct {
	Feature                 string `yaml:"feature"`
	RetryGracePeriodSeconds int    `yaml:"retryGracePeriodSeconds"`
}

type seedUser struct {
	Username   string            `yaml:"username"`
	Password   string            `yaml:"password"`
	Permanent  bool              `yaml:"permanent"`
	Status     string            `yaml:"status"`
	Attributes map[string]string `yaml:"attributes"`
	MFA        *seedMFA          `yaml:"mfa"`
}

type seedMFA struct {
	TOTPSecret string `yaml:"totpSecret"`
	SMS        bool   `yaml:"sms"`
	Email      bool   `yaml:"email"`
	Preferred  string `yaml:"preferred"`
}

// LoadSeedFile loads a YAML seed file; see LoadSeed.
func (s *Server) LoadSeedFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("localcognito: seed: %w", err)
	}
	defer f.Close()
	if err := s.LoadSeed(f); err != nil {
		return fmt.Errorf("%w (in %s)", err, path)
	}
	return nil
}

// LoadSeed provisions everything in a YAML seed. Unknown keys, invalid
// values and clashes with existing pools, clients or users are errors,
// and then nothing is added.
//
// With Options.DataDir, where a seed is typically loaded at every start,
// LoadSeed instead creates only what is missing and leaves what exists as
// it is, so that a restart neither duplicates nor resets anything: see
// mergeSeed for how pools, clients and users are matched.
func (s *Server) LoadSeed(r io.Reader) error {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var f seedFile
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("localcognito: seed: the document is empty")
		}
		return fmt.Errorf("localcognito: seed: %w", err)
	}
	if s.durable != nil {
		return s.mergeSeed(&f)
	}
	now := s.opts.Now()
	pools := make([]*userPool, 0, len(f.Pools))
	var clients []*appClient
	for i, sp := range f.Pools {
		p, cs, err := s.buildSeedPool(sp, now)
		if err != nil {
			return fmt.Errorf("localcognito: seed: pools[%d]: %w", i, err)
		}
		pools = append(pools, p)
		clients = append(clients, cs...)
	}
	return s.commitSeed(pools, clients)
}

func (s *Server) buildSeedPool(sp seedPool, now time.Time) (*userPool, []*appClient, error) {
	if sp.ID == "" {
		sp.ID = newPoolID(s.opts.Region)
	}
	if e := checkPoolID("id", sp.ID); e != nil {
		return nil, nil, errors.New(e.Message)
	}
	if e := checkName("name", sp.Name); e != nil {
		return nil, nil, errors.New(e.Message)
	}
	p := &userPool{id: sp.ID, name: sp.Name, policy: defaultPasswordPolicy(), mfa: poolMFA{mode: "OFF"}, created: now, modified: now, users: map[string]*user{}}
	if err := sp.configure(p); err != nil {
		return nil, nil, err
	}
	clients := make([]*appClient, 0, len(sp.Clients))
	for j, sc := range sp.Clients {
		c, err := buildSeedClient(p.id, sc, now)
		if err != nil {
			return nil, nil, fmt.Errorf("clients[%d]: %w", j, err)
		}
		clients = append(clients, c)
	}
	for j, su := range sp.Users {
		if err := s.addSeedUser(p, su, now); err != nil {
			return nil, nil, fmt.Errorf("users[%d]: %w", j, err)
		}
	}
	return p, clients, nil
}

func buildSeedClient(poolID string, sc seedClient, now time.Time) (*appClient, error) {
	if sc.ID == "" {
		sc.ID = newClientID()
	}
	if e := checkClientID("id", sc.ID); e != nil {
		return nil, errors.New(e.Message)
	}
	if e := checkName("name", sc.Name); e != nil {
		return nil, errors.New(e.Message)
	}
	if sc.Secret != "" && !sc.GenerateSecret {
		return nil, errors.New("secret is set but generateSecret is false")
	}
	if sc.GenerateSecret && sc.Secret == "" {
		sc.Secret = newClientSecret()
	}
	var rotation *rotationConfig
	if r := sc.RefreshTokenRotation; r != nil {
		var e *apiError
		if rotation, e = (&rotationInput{Feature: r.Feature, RetryGracePeriodSeconds: r.RetryGracePeriodSeconds}).rotation(); e != nil {
			return nil, fmt.Errorf("refreshTokenRotation: %s", e.Message)
		}
	}
	flows, e := normalizeAuthFlows(sc.ExplicitAuthFlows, rotation != nil)
	if e != nil {
		return nil, fmt.Errorf("explicitAuthFlows: %s", e.Message)
	}
	if e := checkPreventExistence(sc.PreventUserExistenceErrors); e != nil {
		return nil, fmt.Errorf("preventUserExistenceErrors: %s", e.Message)
	}
	return &appClient{id: sc.ID, poolID: poolID, name: sc.Name, secret: sc.Secret, authFlows: flows, rotation: rotation,
		preventExistence: sc.PreventUserExistenceErrors == preventEnabled, created: now, modified: now}, nil
}

func (s *Server) addSeedUser(p *userPool, su seedUser, now time.Time) error {
	if e := checkUsername("username", su.Username); e != nil {
		return errors.New(e.Message)
	}
	if p.lookup(su.Username) != nil {
		return fmt.Errorf("username %q appears twice", su.Username)
	}
	if e := checkPassword("password", su.Password, p.policy); e != nil {
		return fmt.Errorf("user %q: %s", su.Username, e.Message)
	}
	names := make([]string, 0, len(su.Attributes))
	for k := range su.Attributes {
		names = append(names, k)
	}
	sort.Strings(names)
	attrs := make([]attribute, 0, len(names))
	for _, k := range names {
		attrs = append(attrs, attribute{Name: k, Value: su.Attributes[k]})
	}
	if e := checkAttributes(attrs); e != nil {
		return fmt.Errorf("user %q: %s", su.Username, e.Message)
	}
	status, err := su.status()
	if err != nil {
		return fmt.Errorf("user %q: %w", su.Username, err)
	}
	name, attrs, e := p.newUserName(su.Username, attrs)
	if e != nil {
		return fmt.Errorf("user %q: %s", su.Username, e.Message)
	}
	if e := s.store.claimAliasesLocked(p, nil, attrs, true, false); e != nil {
		return fmt.Errorf("user %q: %s", su.Username, e.Message)
	}
	u, err := s.addUserLocked(p, name, su.Password, attrs, status, now)
	if err != nil {
		return fmt.Errorf("user %q: %w", su.Username, err)
	}
	if err := su.MFA.apply(u); err != nil {
		return fmt.Errorf("user %q: mfa: %w", su.Username, err)
	}
	return nil
}

var seedStatuses = []string{"UNCONFIRMED", "CONFIRMED", "FORCE_CHANGE_PASSWORD", "RESET_REQUIRED"}

func (su *seedUser) status() (string, error) {
	switch {
	case su.Status == "" && su.Permanent:
		return "CONFIRMED", nil
	case su.Status == "":
		return "FORCE_CHANGE_PASSWORD", nil
	case !slices.Contains(seedStatuses, su.Status):
		return "", fmt.Errorf("status must be one of %v", seedStatuses)
	case su.Permanent && su.Status != "CONFIRMED":
		return "", fmt.Errorf("permanent: true contradicts status %s", su.Status)
	}
	return su.Status, nil
}

// apply sets a seeded user's MFA, checking it the way
// SetUserMFAPreference would.
func (m *seedMFA) apply(u *user) error {
	if m == nil {
		return nil
	}
	if m.TOTPSecret != "" {
		secret, ok := normalizeTOTPSecret(m.TOTPSecret)
		if !ok {
			return errors.New("totpSecret must be base32, at least 16 characters")
		}
		u.mfa.totpSecret, u.mfa.totp = secret, true
	}
	if m.SMS && !hasAttr(u, "phone_number") {
		return errors.New("sms needs a phone_number attribute")
	}
	if m.Email && !hasAttr(u, "email") {
		return errors.New("email needs an email attribute")
	}
	u.mfa.sms, u.mfa.email = m.SMS, m.Email
	if m.Preferred != "" && !slices.Contains(enabledUserMFA(u), m.Preferred) {
		return fmt.Errorf("preferred %s is not enabled", m.Preferred)
	}
	u.mfa.preferred = m.Preferred
	return nil
}

// enabledUserMFA lists the factors a user has on.
func enabledUserMFA(u *user) []string {
	var out []string
	for _, f := range []struct {
		name string
		on   bool
	}{{mfaSMS, u.mfa.sms}, {mfaTOTP, u.mfa.totp}, {mfaEmail, u.mfa.email}} {
		if f.on {
			out = append(out, f.name)
		}
	}
	return out
}

// configure applies a seeded pool's settings.
func (sp *seedPool) configure(p *userPool) error {
	in := createUserPoolInput{MfaConfiguration: sp.MfaConfiguration, AutoVerifiedAttributes: sp.AutoVerifiedAttributes}
	if d := sp.DeviceConfiguration; d != nil {
		in.DeviceConfiguration = &deviceConfig{ChallengeRequiredOnNewDevice: d.ChallengeRequiredOnNewDevice, DeviceOnlyRememberedOnUserPrompt: d.DeviceOnlyRememberedOnUserPrompt}
	}
	if _, e := in.settings(); e != nil {
		return errors.New(e.Message)
	}
	names := usernameSettings{UsernameAttributes: sp.UsernameAttributes, AliasAttributes: sp.AliasAttributes}
	if sp.CaseSensitive != nil {
		names.UsernameConfiguration = &struct {
			CaseSensitive *bool `json:"CaseSensitive"`
		}{sp.CaseSensitive}
	}
	if e := names.check(); e != nil {
		return errors.New(e.Message)
	}
	names.apply(p)
	required, e := requiredNames(sp.RequiredAttributes)
	if e != nil {
		return fmt.Errorf("requiredAttributes: %s", e.Message)
	}
	p.required = required
	for _, t := range sp.MfaTypes {
		switch t {
		case mfaSMS:
			p.mfa.sms = true
		case mfaTOTP:
			p.mfa.totp = true
		case mfaEmail:
			p.mfa.email = true
		default:
			return fmt.Errorf("mfaTypes: %q is not SMS_MFA, SOFTWARE_TOKEN_MFA or EMAIL_OTP", t)
		}
	}
	in.apply(p, p.policy)
	return sp.configureTriggers(p)
}

// commitSeed adds the built pools and clients if none of their ids is
// taken, all at once.
func (s *Server) commitSeed(pools []*userPool, clients []*appClient) error {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	var poolIDs, clientIDs []string
	for _, p := range pools {
		if s.store.pools[p.id] != nil || slices.Contains(poolIDs, p.id) {
			return fmt.Errorf("localcognito: seed: pool id %s already exists", p.id)
		}
		poolIDs = append(poolIDs, p.id)
	}
	for _, c := range clients {
		if s.store.clients[c.id] != nil || slices.Contains(clientIDs, c.id) {
			return fmt.Errorf("localcognito: seed: client id %s already exists", c.id)
		}
		clientIDs = append(clientIDs, c.id)
	}
	for _, p := range pools {
		s.store.pools[p.id] = p
	}
	for _, c := range clients {
		s.store.clients[c.id] = c
	}
	return nil
}
