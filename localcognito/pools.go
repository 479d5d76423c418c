package localcognito

import (
	"slices"
)

// UpdateUserPool, DeleteUserPool, ListUserPools and the client
// counterparts.

func (s *Server) updateUserPool(rc *reqCtx, body []byte) (any, *apiError) {
	var in createUserPoolInput
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	policy, e := in.settings()
	if e != nil {
		return nil, e
	}
	p, e := s.lockPool(rc, in.UserPoolID)
	if e != nil {
		return nil, e
	}
	defer s.store.mu.Unlock()
	in.apply(p, policy)
	p.modified = rc.now
	return struct{}{}, nil
}

func (s *Server) deleteUserPool(rc *reqCtx, body []byte) (any, *apiError) {
	var in poolRef
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	p, e := s.lockPool(rc, in.UserPoolID)
	if e != nil {
		return nil, e
	}
	defer s.store.mu.Unlock()
	for id, c := range s.store.clients {
		if c.poolID == p.id {
			delete(s.store.clients, id)
			s.store.touchClient(id)
		}
	}
	for jti, sess := range s.store.sessions {
		if sess.poolID == p.id {
			s.store.dropSessionLocked(jti)
		}
	}
	delete(s.store.pools, p.id)
	return struct{}{}, nil
}

type listInput struct {
	UserPoolID string `json:"UserPoolId"`
	MaxResults *int   `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}

func (in *listInput) limit(required bool) (int, *apiError) {
	switch {
	case in.MaxResults == nil && required:
		return 0, errRequired("maxResults")
	case in.MaxResults == nil:
		return 60, nil
	case *in.MaxResults < 1 || *in.MaxResults > 60:
		return 0, errValidation(itoa(*in.MaxResults), "maxResults", "Member must have value between 1 and 60")
	}
	return *in.MaxResults, nil
}

func (s *Server) listUserPools(rc *reqCtx, body []byte) (any, *apiError) {
	var in listInput
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	limit, e := in.limit(true)
	if e != nil {
		return nil, e
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	ids := make([]string, 0, len(s.store.pools))
	for id := range s.store.pools {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	ids, next, e := page(ids, in.NextToken, limit)
	if e != nil {
		return nil, e
	}
	pools := []map[string]any{}
	for _, id := range ids {
		p := s.store.pools[id]
		pools = append(pools, map[string]any{"Id": p.id, "Name": p.name, "LambdaConfig": lambdaView(p),
			"LastModifiedDate": epoch(p.modified), "CreationDate": epoch(p.created)})
	}
	return withNext(map[string]any{"UserPools": pools}, "NextToken", next), nil
}

func withNext(out map[string]any, key, next string) map[string]any {
	if next != "" {
		out[key] = next
	}
	return out
}

func (s *Server) listUserPoolClients(rc *reqCtx, body []byte) (any, *apiError) {
	var in listInput
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	limit, e := in.limit(false)
	if e != nil {
		return nil, e
	}
	p, e := s.lockPool(rc, in.UserPoolID)
	if e != nil {
		return nil, e
	}
	defer s.store.mu.Unlock()
	var ids []string
	for id, c := range s.store.clients {
		if c.poolID == p.id {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	ids, next, e := page(ids, in.NextToken, limit)
	if e != nil {
		return nil, e
	}
	clients := []map[string]string{}
	for _, id := range ids {
		c := s.store.clients[id]
		clients = append(clients, map[string]string{"ClientId": c.id, "UserPoolId": c.poolID, "ClientName": c.name})
	}
	return withNext(map[string]any{"UserPoolClients": clients}, "NextToken", next), nil
}

// lockClient validates a pool and client reference; s.store.mu is held on
// success.
func (s *Server) lockClient(rc *reqCtx, poolID, clientID string) (*appClient, *apiError) {
	rc.client = clientID
	if e := checkClientID("clientId", clientID); e != nil {
		return nil, e
	}
	if _, e := s.lockPool(rc, poolID); e != nil {
		return nil, e
	}
	c, e := s.store.clientLocked(poolID, clientID)
	if e != nil {
		s.store.mu.Unlock()
		return nil, e
	}
	s.store.touchClient(clientID)
	return c, nil
}

// updateUserPoolClient resets what the input leaves out, as Cognito does,
// except the name, which stays.
func (s *Server) updateUserPoolClient(rc *reqCtx, body []byte) (any, *apiError) {
	var in createClientInput
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	if in.ClientName != "" {
		if e := checkName("clientName", in.ClientName); e != nil {
			return nil, e
		}
	}
	rotation, e := in.RefreshTokenRotation.rotation()
	if e != nil {
		return nil, e
	}
	flows, e := normalizeAuthFlows(in.ExplicitAuthFlows, rotation != nil)
	if e != nil {
		return nil, e
	}
	if e := checkPreventExistence(in.PreventUserExistenceErrors); e != nil {
		return nil, e
	}
	c, e := s.lockClient(rc, in.UserPoolID, in.ClientID)
	if e != nil {
		return nil, e
	}
	defer s.store.mu.Unlock()
	if in.ClientName != "" {
		c.name = in.ClientName
	}
	c.authFlows, c.rotation, c.modified = flows, rotation, rc.now
	c.preventExistence = in.PreventUserExistenceErrors == preventEnabled
	return map[string]any{"UserPoolClient": clientView(c)}, nil
}

func (s *Server) deleteUserPoolClient(rc *reqCtx, body []byte) (any, *apiError) {
	var in clientRef
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	c, e := s.lockClient(rc, in.UserPoolID, in.ClientID)
	if e != nil {
		return nil, e
	}
	defer s.store.mu.Unlock()
	delete(s.store.clients, c.id)
	for jti, sess := range s.store.sessions {
		if sess.clientID == c.id {
			s.store.dropSessionLocked(jti)
		}
	}
	return struct{}{}, nil
}
