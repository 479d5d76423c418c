package localcognito

import (
	"net/http"
	"strings"
)

// Handler wrappers. Every operation decodes its input the same way, and
// most then find a pool, a client or a user and work on it with the store
// locked. handle does the first; the with* functions check a reference,
// lock the store, look it up and run a function on what they found,
// unlocking when it returns; the on* wrappers do both for inputs that
// need nothing checked before the lookup. A handler is then its own
// checks and its work, and the store's lock is taken and released in one
// function: no helper returns holding it.
//
// Nothing that runs under these locks may run a Lambda trigger (see
// hooks.go): a handler runs its triggers before it calls them, or
// schedules them with reqCtx.later.

// handle decodes the request body into a fresh In and runs fn on it. Out
// is the answer's type, or any; with an error the answer is nil, whatever
// fn returned with it.
func handle[In, Out any](fn func(rc *reqCtx, in *In) (Out, *apiError)) handler {
	return func(rc *reqCtx, body []byte) (any, *apiError) {
		var in In
		if e := decode(body, &in); e != nil {
			return nil, e
		}
		out, e := fn(rc, &in)
		if e != nil {
			return nil, e
		}
		return out, nil
	}
}

// poolInput is an input that names one pool: poolRef or a struct that
// embeds it.
type poolInput interface{ poolID() string }

func (r poolRef) poolID() string { return r.UserPoolID }

// onPool is handle for operations on the pool their input names, with
// nothing to check first: fn runs as withPool runs it.
func onPool[In poolInput](s *Server, fn func(rc *reqCtx, in *In, p *userPool) (any, *apiError)) handler {
	return handle(func(rc *reqCtx, in *In) (any, *apiError) {
		return s.withPool(rc, (*in).poolID(), func(p *userPool) (any, *apiError) { return fn(rc, in, p) })
	})
}

// withPool checks a pool id and runs fn on the pool with the store
// locked, the pool marked as changed.
func (s *Server) withPool(rc *reqCtx, poolID string, fn func(p *userPool) (any, *apiError)) (any, *apiError) {
	rc.pool = poolID
	if e := checkPoolID("userPoolId", poolID); e != nil {
		return nil, e
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p, e := s.store.poolLocked(poolID)
	if e != nil {
		return nil, e
	}
	s.store.touchPool(poolID)
	return fn(p)
}

// withClient checks a pool and client reference and runs fn on the
// client with the store locked, the pool and client marked as changed.
func (s *Server) withClient(rc *reqCtx, poolID, clientID string, fn func(c *appClient) (any, *apiError)) (any, *apiError) {
	rc.client = clientID
	if e := checkClientID("clientId", clientID); e != nil {
		return nil, e
	}
	return s.withPool(rc, poolID, func(*userPool) (any, *apiError) {
		c, e := s.store.clientLocked(poolID, clientID)
		if e != nil {
			return nil, e
		}
		s.store.touchClient(clientID)
		return fn(c)
	})
}

// userInput is an input that names a user of a pool: userRef or a struct
// that embeds it.
type userInput interface{ ref() userRef }

func (r userRef) ref() userRef { return r }

// onUser is handle for operations on the user their input names, with
// nothing to check first: fn runs as withUser runs it.
func onUser[In userInput](s *Server, fn func(rc *reqCtx, in *In, p *userPool, u *user) (any, *apiError)) handler {
	return handle(func(rc *reqCtx, in *In) (any, *apiError) {
		return s.withUser(rc, (*in).ref(), func(p *userPool, u *user) (any, *apiError) { return fn(rc, in, p, u) })
	})
}

// withUser checks a pool and user reference and runs fn on the pool and
// the user, found by name or alias, with the store locked.
func (s *Server) withUser(rc *reqCtx, ref userRef, fn func(p *userPool, u *user) (any, *apiError)) (any, *apiError) {
	rc.pool = ref.UserPoolID
	if e := checkPoolID("userPoolId", ref.UserPoolID); e != nil {
		return nil, e
	}
	if e := checkUsername("username", ref.Username); e != nil {
		return nil, e
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p, e := s.store.poolLocked(ref.UserPoolID)
	if e != nil {
		return nil, e
	}
	u := s.store.lookupLocked(p, ref.Username)
	if u == nil {
		return nil, errUserNotFound()
	}
	return fn(p, u)
}

// tokenRef is the AccessToken of the operations a signed-in user calls.
type tokenRef struct {
	AccessToken string `json:"AccessToken"`
}

// tokenInput is an input that carries an access token: tokenRef or a
// struct that embeds it.
type tokenInput interface{ token() string }

func (r tokenRef) token() string { return r.AccessToken }

// onTokenUser is handle for operations on the user whose access token
// their input carries: fn runs as withTokenUser runs it.
func onTokenUser[In tokenInput](s *Server, fn func(rc *reqCtx, in *In, p *userPool, u *user) (any, *apiError)) handler {
	return handle(func(rc *reqCtx, in *In) (any, *apiError) {
		return s.withTokenUser(rc, (*in).token(), func(p *userPool, u *user) (any, *apiError) { return fn(rc, in, p, u) })
	})
}

// withTokenUser checks an access token and runs fn on its pool and user
// with the store locked. The token must be unexpired and unrevoked, its
// user there and enabled.
func (s *Server) withTokenUser(rc *reqCtx, token string, fn func(p *userPool, u *user) (any, *apiError)) (any, *apiError) {
	claims, e := s.accessClaims(rc, token)
	if e != nil {
		return nil, e
	}
	iss, _ := claims["iss"].(string)
	poolID := iss[strings.LastIndex(iss, "/")+1:]
	jti, _ := claims["origin_jti"].(string)
	username, _ := claims["username"].(string)
	rc.pool, rc.client = poolID, str(claims["client_id"])
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p := s.store.pools[poolID]
	sess := s.store.sessions[jti]
	var u *user
	if p != nil {
		u = s.store.userLocked(poolID, username)
	}
	switch {
	case p == nil:
		return nil, errNotAuthorized(msgTokenInvalid).withReason("the token's pool does not exist")
	case sess == nil || sess.revoked || sess.poolID != poolID:
		return nil, errNotAuthorized(msgTokenRevoked)
	case u == nil:
		return nil, errUserNotFound()
	case !u.enabled:
		return nil, errNotAuthorized(msgUserDisabled)
	}
	return fn(p, u)
}

// withClientUser resolves the client and user of an unauthenticated
// call, checks its SecretHash (and, with needCode, that it has a
// ConfirmationCode) and runs fn on them with the store locked. The user
// is nil, and no error, only for clients that prevent user existence
// errors, which answer for a missing user as existence.go describes.
func (s *Server) withClientUser(rc *reqCtx, in *clientUserInput, needCode bool, fn func(c *appClient, p *userPool, u *user) (any, *apiError)) (any, *apiError) {
	c, e := s.authClient(rc, in.ClientID)
	if e != nil {
		return nil, e
	}
	if e := checkUsername("username", in.Username); e != nil {
		return nil, e
	}
	if needCode && in.ConfirmationCode == "" {
		return nil, errRequired("confirmationCode")
	}
	if e := checkSecretHash(c, in.Username, in.SecretHash); e != nil {
		return nil, e
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p, e := s.store.poolLocked(c.poolID)
	if e != nil {
		return nil, e
	}
	u := s.store.lookupLocked(p, in.Username)
	if u == nil && !c.preventExistence {
		return nil, newError(http.StatusBadRequest, "UserNotFoundException", msgUserClientNotFound)
	}
	return fn(c, p, u)
}
