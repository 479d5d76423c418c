// Package auth runs Amazon Cognito's user-pool sign-in challenge loop:
// InitiateAuth, then RespondToAuthChallenge until Cognito returns tokens.
// It answers the SRP challenge itself and hands back only the challenges
// that need a person. It runs natively (through the AWS SDK for Go) and
// inside WebAssembly (through the browser's fetch).
package auth

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// Transport sends one Cognito operation. input and output are the
// operation's JSON shapes; a transport returns *Error for failures.
type Transport interface {
	Call(ctx context.Context, operation string, input, output any) error
}

// Config names the user pool and app client to sign in to.
type Config struct {
	UserPoolID string // "us-east-1_AbCdEf123"
	ClientID   string
	// ClientSecret is set only for app clients with a secret; every call
	// then carries SECRET_HASH.
	ClientSecret string
	// Region defaults to the pool id's prefix.
	Region string
	// Endpoint defaults to https://cognito-idp.<Region>.amazonaws.com/.
	Endpoint string
	// Transport defaults to the platform's: the AWS SDK natively, fetch in
	// the browser.
	Transport Transport
	// TOTPIssuer names the account in authenticator apps; default
	// "AWSCognito", as AWS's clients do.
	TOTPIssuer string
	// Admin signs in through AdminInitiateAuth and
	// AdminRespondToAuthChallenge, which need AWS credentials: Credentials,
	// or a Transport that carries its own. For servers and Node only.
	Admin bool
	// Credentials sign admin calls (AWS Signature Version 4).
	Credentials *Credentials
}

// Client signs users in to one app client of one user pool.
type Client struct {
	cfg       Config
	poolName  string
	transport Transport
	now       func() time.Time
}

// New checks cfg and fills in its defaults.
func New(cfg Config) (*Client, error) {
	if cfg.UserPoolID == "" {
		return nil, invalidParameter("userPoolId is required")
	}
	if !validPoolID(cfg.UserPoolID) {
		return nil, invalidParameter("userPoolId " + strconv.Quote(cfg.UserPoolID) + " is not a user pool id like us-east-1_AbCdEf123")
	}
	if cfg.ClientID == "" {
		return nil, invalidParameter("clientId is required")
	}
	region, poolName, _ := strings.Cut(cfg.UserPoolID, "_")
	if cfg.Region == "" {
		cfg.Region = region
	} else if !validRegion(cfg.Region) {
		// It becomes part of the endpoint's host name.
		return nil, invalidParameter("region " + strconv.Quote(cfg.Region) + " is not an AWS region like us-east-1")
	}
	if cfg.Endpoint == "" {
		cfg.Endpoint = "https://cognito-idp." + cfg.Region + ".amazonaws.com/"
	} else if !validEndpoint(cfg.Endpoint) {
		// data:, blob:, file: and the like would make canned answers pass
		// as Cognito's.
		return nil, invalidParameter("endpoint " + strconv.Quote(clip(cfg.Endpoint)) + " is not an https: or http: URL with a host")
	}
	if cfg.Admin && cfg.Credentials == nil && cfg.Transport == nil {
		return nil, invalidParameter("admin flows need credentials (or a Transport that has them)")
	}
	if c := cfg.Credentials; c != nil && (c.AccessKeyID == "" || c.SecretAccessKey == "") {
		return nil, invalidParameter("credentials need accessKeyId and secretAccessKey")
	}
	c := &Client{cfg: cfg, poolName: poolName, transport: cfg.Transport, now: time.Now}
	if c.transport == nil {
		t, err := defaultTransport(cfg)
		if err != nil {
			return nil, err
		}
		c.transport = t
	}
	return c, nil
}

// Config returns the client's configuration with defaults filled in.
func (c *Client) Config() Config { return c.cfg }

// call sends one operation through the transport.
func (c *Client) call(ctx context.Context, op string, in, out any) error {
	return c.transport.Call(ctx, op, in, out)
}

// secretHash is SECRET_HASH for username, or "" for clients without a secret.
func (c *Client) secretHash(username string) string {
	if c.cfg.ClientSecret == "" {
		return ""
	}
	return srp.SecretHash(c.cfg.ClientID, c.cfg.ClientSecret, username)
}

// withUser adds USERNAME and, for clients with a secret, SECRET_HASH.
func (c *Client) withUser(params map[string]string, username string) map[string]string {
	params["USERNAME"] = username
	c.addSecretHash(params, username)
	return params
}

// validEndpoint accepts https: and http: URLs with a host, without
// linking net/url into the wasm.
func validEndpoint(e string) bool {
	for _, scheme := range []string{"https://", "http://"} {
		if len(e) > len(scheme) && strings.EqualFold(e[:len(scheme)], scheme) {
			host := e[len(scheme):]
			return host[0] != '/' && host[0] != '?' && host[0] != '#' && !strings.ContainsAny(e, " \t\r\n\\")
		}
	}
	return false
}

// validRegion is a region name's shape: lower-case letters, digits and
// dashes, as in us-east-1 or us-gov-west-1.
func validRegion(r string) bool {
	for _, c := range r {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return r != ""
}

// validPoolID matches Cognito's pattern [\w-]+_[0-9a-zA-Z]+ without
// linking regexp into the wasm.
func validPoolID(id string) bool {
	region, name, ok := strings.Cut(id, "_")
	if !ok || region == "" || name == "" {
		return false
	}
	for _, c := range region {
		if !isAlnum(c) && c != '_' && c != '-' {
			return false
		}
	}
	for _, c := range name {
		if !isAlnum(c) {
			return false
		}
	}
	return true
}

func isAlnum(c rune) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
