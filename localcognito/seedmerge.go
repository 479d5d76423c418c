package localcognito

import (
	"fmt"
	"slices"
)

// mergeSeed is LoadSeed with Options.DataDir, run at every start against
// state that may come from an earlier run. It creates only what is
// missing and never resets what exists:
//
//   - a pool is matched by id, or, when the seed gives none, by name; an
//     existing pool keeps its settings;
//   - a client is matched by id, or, without one, by name within its pool;
//     an existing client keeps its settings and secret;
//   - a user is matched by user name or alias within its pool; an existing
//     user keeps its password, attributes, status, MFA and devices.
//
// The whole seed is checked first, as without a data directory: a bad
// value, or a client id used by another pool, adds nothing. What it adds
// is committed before it returns.
func (s *Server) mergeSeed(f *seedFile) error {
	now := s.opts.Now()
	s.store.mu.Lock()
	type target struct {
		built, existing *userPool
		sp              seedPool
		clients         []*appClient
	}
	var targets []target
	var poolIDs, clientIDs []string
	for i, sp := range f.Pools {
		existing := s.store.pools[sp.ID]
		if sp.ID == "" {
			existing = s.store.poolNamedLocked(sp.Name)
		}
		if existing != nil {
			sp.ID = existing.id
			sp.Clients = slices.Clone(sp.Clients)
			for j := range sp.Clients {
				if sp.Clients[j].ID == "" {
					if c := s.store.clientNamedLocked(existing.id, sp.Clients[j].Name); c != nil {
						sp.Clients[j].ID = c.id
					}
				}
			}
		}
		p, cs, err := s.buildSeedPool(sp, now)
		if err != nil {
			s.store.mu.Unlock()
			return fmt.Errorf("localcognito: seed: pools[%d]: %w", i, err)
		}
		if slices.Contains(poolIDs, p.id) {
			s.store.mu.Unlock()
			return fmt.Errorf("localcognito: seed: pool id %s already exists", p.id)
		}
		poolIDs = append(poolIDs, p.id)
		for _, c := range cs {
			if old := s.store.clients[c.id]; slices.Contains(clientIDs, c.id) || (old != nil && old.poolID != p.id) {
				s.store.mu.Unlock()
				return fmt.Errorf("localcognito: seed: client id %s already exists", c.id)
			}
			clientIDs = append(clientIDs, c.id)
		}
		targets = append(targets, target{built: p, existing: existing, sp: sp, clients: cs})
	}
	for _, t := range targets {
		if t.existing == nil {
			s.store.pools[t.built.id] = t.built
			s.store.touchPool(t.built.id)
			for name := range t.built.users {
				s.store.touchUser(t.built.id, name)
			}
		} else {
			for _, su := range t.sp.Users {
				u := t.built.lookup(su.Username)
				if u == nil || t.existing.lookup(su.Username) != nil {
					continue
				}
				if e := s.store.claimAliasesLocked(t.existing, nil, u.attrs, true, false); e != nil {
					s.log.Warn("seed user not added", "pool", t.existing.id, "reason", e.Message)
					continue
				}
				t.existing.users[u.username] = u
				s.store.touchUser(t.existing.id, u.username)
			}
		}
		for _, c := range t.clients {
			if s.store.clients[c.id] == nil {
				s.store.clients[c.id] = c
				s.store.touchClient(c.id)
			}
		}
	}
	s.store.mu.Unlock()
	return s.commit()
}

// poolNamedLocked returns the pool of that name with the least id, or nil.
func (s *store) poolNamedLocked(name string) *userPool {
	var found *userPool
	for _, p := range s.pools {
		if p.name == name && (found == nil || p.id < found.id) {
			found = p
		}
	}
	return found
}

// clientNamedLocked returns a pool's client of that name with the least
// id, or nil.
func (s *store) clientNamedLocked(poolID, name string) *appClient {
	var found *appClient
	for _, c := range s.clients {
		if c.poolID == poolID && c.name == name && (found == nil || c.id < found.id) {
			found = c
		}
	}
	return found
}
