package localcognito

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// SECRET_BLOCK and Session values are opaque handles: AES-GCM sealed
// (kind, id, expiry) under a per-server key. The kind is the additional
// data, so a Session cannot be replayed as a SECRET_BLOCK. The state they
// name lives in the store and is removed on first use. It is kept in memory
// only, even with Options.DataDir, as is the sealing key: handles live for
// Options.SessionTTL (3 minutes), and a restart ends the sign-ins they
// carry, which start over with InitiateAuth.

const (
	handleSRP     = "srp-secret-block"
	handleSession = "challenge-session"
	handleIDLen   = 32
)

// issueHandle stores state under a fresh id and returns the sealed handle.
func (s *Server) issueHandle(st *challengeState, now time.Time) string {
	id := randomBytes(handleIDLen)
	st.expires = now.Add(s.opts.SessionTTL)
	s.store.putChallenge(hex.EncodeToString(id), st, now)

	plain := make([]byte, 8, 8+handleIDLen)
	binary.BigEndian.PutUint64(plain, uint64(st.expires.UnixNano()))
	plain = append(plain, id...)
	nonce := randomBytes(s.sealer.NonceSize())
	return base64.StdEncoding.EncodeToString(s.sealer.Seal(nonce, nonce, plain, []byte(st.kind)))
}

// handleResult says why a handle was refused, for the log and for
// choosing the message.
type handleResult int

const (
	handleOK handleResult = iota
	handleForged
	handleExpired
	handleUsed
)

func (r handleResult) String() string {
	return [...]string{"ok", "handle not issued by this server", "handle expired", "handle already used or unknown"}[r]
}

// redeemHandle opens a handle of the given kind and consumes its state.
func (s *Server) redeemHandle(kind, handle string, now time.Time) (*challengeState, handleResult) {
	_, st, res := s.redeemHandleID(kind, handle, now)
	return st, res
}

// redeemHandleID is redeemHandle that also returns the state's id, for
// restoreHandle.
func (s *Server) redeemHandleID(kind, handle string, now time.Time) (string, *challengeState, handleResult) {
	raw, err := base64.StdEncoding.DecodeString(handle)
	n := s.sealer.NonceSize()
	if err != nil || len(raw) < n {
		return "", nil, handleForged
	}
	plain, err := s.sealer.Open(nil, raw[:n], raw[n:], []byte(kind))
	if err != nil || len(plain) != 8+handleIDLen {
		return "", nil, handleForged
	}
	id := hex.EncodeToString(plain[8:])
	st, ok := s.store.takeChallenge(id)
	expires := time.Unix(0, int64(binary.BigEndian.Uint64(plain[:8])))
	if now.After(expires) {
		return "", nil, handleExpired
	}
	if !ok || st.kind != kind {
		return "", nil, handleUsed
	}
	return id, st, handleOK
}

// restoreHandle makes a redeemed handle usable again, for a retry after a
// wrong MFA code; it keeps its original expiry.
func (s *Server) restoreHandle(id string, st *challengeState, now time.Time) {
	s.store.putChallenge(id, st, now)
}
