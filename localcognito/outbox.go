package localcognito

import (
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"time"
)

// The outbox stands in for SMS and email: every message Cognito would send
// is recorded in memory so a test or a demo page can read the code.
//
//	GET    /_localcognito/outbox[?poolId=&username=&kind=]  → {"messages":[...]}, oldest first
//	DELETE /_localcognito/outbox                            → 204, empties it
//
// Both carry the same CORS headers as the API. Kinds are the suffixes of
// Cognito's CustomMessage trigger sources: SignUp, ResendCode,
// ForgotPassword, UpdateUserAttribute, VerifyUserAttribute,
// Authentication (SMS and email MFA codes) and AdminCreateUser, whose
// temporary password is never recorded. The outbox is unauthenticated:
// it is for local use only.

const outboxPath = "/_localcognito/outbox"

// maxOutbox bounds memory; the oldest messages go first.
const maxOutbox = 1000

// Message is one SMS or email the server would have sent.
type Message struct {
	ID          string    `json:"id"`
	Time        time.Time `json:"time"`
	PoolID      string    `json:"poolId"`
	Username    string    `json:"username"`
	Destination string    `json:"destination"` // the email address or phone number, unmasked
	Channel     string    `json:"channel"`     // "EMAIL" or "SMS"
	Kind        string    `json:"kind"`
	Code        string    `json:"code,omitempty"`
	Subject     string    `json:"subject,omitempty"` // a CustomMessage trigger's emailSubject
	Message     string    `json:"message"`
	seq         uint64    // its key on disk
}

type outbox struct {
	mu   sync.Mutex
	msgs []Message
	next uint64 // the next message's seq
	// With Options.DataDir (persist), the changes since the last commit:
	// the outbox was emptied, messages were added, old ones dropped.
	persist bool
	cleared bool
	added   []Message
	dropped []uint64
}

func (o *outbox) add(m Message) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.msgs) >= maxOutbox {
		n := len(o.msgs) - maxOutbox + 1
		if o.persist {
			for _, old := range o.msgs[:n] {
				o.dropped = append(o.dropped, old.seq)
			}
		}
		o.msgs = slices.Delete(o.msgs, 0, n)
	}
	m.seq = o.next
	o.next++
	o.msgs = append(o.msgs, m)
	if o.persist {
		o.added = append(o.added, m)
	}
}

// collect returns the outbox's changes since the last call as a batch.
func (o *outbox) collect() []dbOp {
	o.mu.Lock()
	defer o.mu.Unlock()
	var ops []dbOp
	if o.cleared {
		ops = append(ops, dbOp{bucket: bucketOutbox})
	}
	for _, m := range o.added {
		val, err := json.Marshal(m)
		if err != nil {
			panic("localcognito: encoding an outbox message: " + err.Error())
		}
		ops = append(ops, dbOp{bucket: bucketOutbox, key: seqKey(m.seq), val: val})
	}
	for _, n := range o.dropped {
		ops = append(ops, dbOp{bucket: bucketOutbox, key: seqKey(n)})
	}
	o.cleared, o.added, o.dropped = false, nil, nil
	return ops
}

func (o *outbox) list(pool, username, kind string) []Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := []Message{}
	for _, m := range o.msgs {
		if (pool == "" || m.PoolID == pool) && (username == "" || m.Username == username) && (kind == "" || m.Kind == kind) {
			out = append(out, m)
		}
	}
	return out
}

func (o *outbox) clear() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.msgs = nil
	if o.persist {
		o.cleared, o.added, o.dropped = true, nil, nil
	}
}

// Outbox returns every recorded message, oldest first.
func (s *Server) Outbox() []Message { return s.outbox.list("", "", "") }

// outboxListing is the answer to GET outboxPath.
type outboxListing struct {
	Messages []Message `json:"messages"`
}

// serveOutbox answers GET and DELETE on outboxPath.
func (s *Server) serveOutbox(w http.ResponseWriter, rc *reqCtx) (int, *apiError) {
	rc.op = rc.r.Method + " " + outboxPath
	switch rc.r.Method {
	case http.MethodGet:
		q := rc.r.URL.Query()
		rc.pool = q.Get("poolId")
		writeJSON(w, http.StatusOK, &outboxListing{Messages: s.outbox.list(q.Get("poolId"), q.Get("username"), q.Get("kind"))})
		return http.StatusOK, nil
	case http.MethodDelete:
		s.outbox.clear()
		if err := s.commit(); err != nil {
			e := errInternal().withReason(err.Error())
			return writeError(w, e), e
		}
		w.WriteHeader(http.StatusNoContent)
		return http.StatusNoContent, nil
	}
	e := newError(http.StatusMethodNotAllowed, "BadRequest", "The outbox supports GET and DELETE.")
	return writeError(w, e), e
}

// Message kinds and texts.
const (
	kindSignUp          = "SignUp"
	kindResendCode      = "ResendCode"
	kindForgotPassword  = "ForgotPassword"
	kindUpdateAttribute = "UpdateUserAttribute"
	kindVerifyAttribute = "VerifyUserAttribute"
	kindAuthentication  = "Authentication"
	kindAdminCreateUser = "AdminCreateUser"
)

// send records a message to the user's attr (email or phone_number) and
// returns the masked delivery details Cognito reports.
func (s *Server) send(rc *reqCtx, poolID string, u *user, attr, kind, code, text string) *codeDeliveryDetailsType {
	dest, _ := u.attr(attr)
	channel := "EMAIL"
	if attr == "phone_number" {
		channel = "SMS"
	}
	// Recorded once the handler is done, after the CustomMessage trigger.
	rc.trigger.outgoing = append(rc.trigger.outgoing, pendingMessage{attrs: userAttributeMap(u), msg: Message{ID: newUUID(), Time: rc.now,
		PoolID: poolID, Username: u.username, Destination: dest, Channel: channel, Kind: kind, Code: code, Message: text}})
	return &codeDeliveryDetailsType{Destination: mask(attr, dest), DeliveryMedium: channel, AttributeName: attr}
}

func codeText(kind, code string) string {
	if kind == kindAuthentication {
		return "Your authentication code is " + code + ". "
	}
	return "Your verification code is " + code + ". "
}
