package localcognito

import (
	"slices"
)

// UpdateUserPool, DeleteUserPool, ListUserPools and the client
// counterparts.

func (s *Server) updateUserPool(rc *reqCtx, in *createUserPoolInput) (any, *apiError) {
	policy, e := in.settings()
	if e != nil {
		return nil, e
	}
	return s.withPool(rc, in.UserPoolID, func(p *userPool) (any, *apiError) {
		in.apply(p, policy)
		p.modified = rc.now
		return struct{}{}, nil
	})
}

func (s *Server) deleteUserPool(_ *reqCtx, _ *poolRef, p *userPool) (any, *apiError) {
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

func (s *Server) listUserPools(_ *reqCtx, in *listInput) (any, *apiError) {
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
	out := &listUserPoolsOutput{NextToken: next, UserPools: []userPoolDescriptionType{}}
	for _, id := range ids {
		p := s.store.pools[id]
		out.UserPools = append(out.UserPools, userPoolDescriptionType{CreationDate: epoch(p.created), ID: p.id,
			LambdaConfig: lambdaView(p), LastModifiedDate: epoch(p.modified), Name: p.name})
	}
	return out, nil
}

func (s *Server) listUserPoolClients(rc *reqCtx, in *listInput) (any, *apiError) {
	limit, e := in.limit(false)
	if e != nil {
		return nil, e
	}
	return s.withPool(rc, in.UserPoolID, func(p *userPool) (any, *apiError) {
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
		out := &listUserPoolClientsOutput{NextToken: next, UserPoolClients: []userPoolClientDescriptionType{}}
		for _, id := range ids {
			c := s.store.clients[id]
			out.UserPoolClients = append(out.UserPoolClients, userPoolClientDescriptionType{ClientID: c.id, ClientName: c.name, UserPoolID: c.poolID})
		}
		return out, nil
	})
}

// updateUserPoolClient resets what the input leaves out, as Cognito does,
// except the name, which stays.
func (s *Server) updateUserPoolClient(rc *reqCtx, in *createClientInput) (any, *apiError) {
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
	return s.withClient(rc, in.UserPoolID, in.ClientID, func(c *appClient) (any, *apiError) {
		if in.ClientName != "" {
			c.name = in.ClientName
		}
		c.authFlows, c.rotation, c.modified = flows, rotation, rc.now
		c.preventExistence = in.PreventUserExistenceErrors == preventEnabled
		return &userPoolClientOutput{UserPoolClient: clientView(c)}, nil
	})
}

func (s *Server) deleteUserPoolClient(rc *reqCtx, in *clientRef) (any, *apiError) {
	return s.withClient(rc, in.UserPoolID, in.ClientID, func(c *appClient) (any, *apiError) {
		delete(s.store.clients, c.id)
		for jti, sess := range s.store.sessions {
			if sess.clientID == c.id {
				s.store.dropSessionLocked(jti)
			}
		}
		return struct{}{}, nil
	})
}
