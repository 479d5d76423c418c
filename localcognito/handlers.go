package localcognito

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

// handle decodes the request body into a fresh In and runs fn on it.
func handle[In any](fn func(rc *reqCtx, in *In) (any, *apiError)) handler {
	return func(rc *reqCtx, body []byte) (any, *apiError) {
		var in In
		if e := decode(body, &in); e != nil {
			return nil, e
		}
		return fn(rc, &in)
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
