package stream_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/org"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/events"
	"github.com/crmhrm/crm/internal/platform/stream"
	"github.com/crmhrm/crm/internal/testkit"
)

// refused asserts a JSON error envelope with status want instead of a stream.
func refused(t *testing.T, in *instance, query string, hdr map[string]string, want int) {
	t.Helper()
	resp := in.dial(t, query, hdr)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var env map[string]any
	if resp.StatusCode != want || json.Unmarshal(b, &env) != nil || env["success"] != false {
		t.Fatalf("GET stream?%s = %d %s; want a %d envelope", query, resp.StatusCode, b, want)
	}
}

func TestStreamSendsTheCallersMessagesAndNothingElse(t *testing.T) {
	e := testkit.New(t)
	in := newInstance(t, e.DB, stream.Options{})
	co := e.NewCompany()
	a, b, c := e.NewMember(co, authz.Perms{}), e.NewMember(co, authz.Perms{}), e.NewMember(co, authz.Perms{})
	s := in.open(t, "", bearer(a.Token))

	// A message to a, from b: both parties get it; c does not.
	sc := in.open(t, "", bearer(c.Token))
	id := in.send(t, b.Token, a.ID, "hello")
	got := s.nextFor(t, id)
	if got.Event != events.Message || got.ID == "" || got.Data["kind"] != events.Message || got.ID != strconv.Itoa(int(got.Data["id"].(float64))) {
		t.Fatalf("event = %+v", got)
	}

	// A rolled-back notification for a and a committed one for c are never
	// sent to a; the marker after them is the next thing a sees.
	ctx := context.Background()
	boom := errors.New("boom")
	if err := e.DB.InTx(ctx, func(ctx context.Context) error {
		if err := org.Notify(ctx, e.DB, org.Note{CompanyID: co.ID, Users: []string{a.ID}, Title: "rolled back"}); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if err := org.Notify(ctx, e.DB, org.Note{CompanyID: co.ID, Users: []string{c.ID}, Title: "for c"}); err != nil {
		t.Fatal(err)
	}
	marker := in.send(t, b.Token, a.ID, "marker")
	if got, _ := s.next(t); got.Event != events.Message || got.Data["ref_id"] != marker {
		t.Fatalf("a's event after the first message = %+v; want the marker %s", got, marker)
	}
	// c saw its own notification but none of a's messages.
	first, ok := sc.next(t)
	if !ok || first.Event != events.Notification {
		t.Fatalf("c's first event = %+v", first)
	}
	sc.quiet(t, 700*time.Millisecond)
}

func TestStreamAuthentication(t *testing.T) {
	e := testkit.New(t)
	in := newInstance(t, e.DB, stream.Options{TicketTTL: 300 * time.Millisecond})
	co := e.NewCompany()
	a := e.NewMember(co, authz.Perms{})

	refused(t, in, "", nil, 401)
	refused(t, in, "token="+url.QueryEscape(a.Token), nil, 400)
	refused(t, in, "access_token="+url.QueryEscape(a.Token), nil, 400)
	refused(t, in, "ticket="+url.QueryEscape(a.Token), nil, 401) // a JWT is not a ticket
	refused(t, in, "ticket=", nil, 401)
	refused(t, in, "", bearer("nonsense"), 401)
	if st, _ := in.call(t, "POST", "/api/v1/stream/ticket", "", nil); st != 401 {
		t.Fatalf("ticket without a token = %d", st)
	}

	// A ticket opens one stream, once.
	tk := in.ticket(t, a.Token)
	s := in.open(t, "ticket="+url.QueryEscape(tk), nil)
	refused(t, in, "ticket="+url.QueryEscape(tk), nil, 401)
	id := in.send(t, co.Token, a.ID, "via ticket")
	s.nextFor(t, id)

	// A forged ticket (one character changed) and an expired one are refused.
	forged := []byte(in.ticket(t, a.Token))
	forged[3] ^= 1
	refused(t, in, "ticket="+url.QueryEscape(string(forged)), nil, 401)
	old := in.ticket(t, a.Token)
	time.Sleep(600 * time.Millisecond)
	refused(t, in, "ticket="+url.QueryEscape(old), nil, 401)
}

func TestReconnectingWithLastEventIDReplaysWhatWasMissed(t *testing.T) {
	e := testkit.New(t)
	in := newInstance(t, e.DB, stream.Options{ReplayMax: 3})
	co := e.NewCompany()
	a, b := e.NewMember(co, authz.Perms{}), e.NewMember(co, authz.Perms{})
	s := in.open(t, "", bearer(a.Token))
	first := in.send(t, b.Token, a.ID, "one")
	seen := s.nextFor(t, first)
	s.resp.Body.Close() // the connection drops

	var missed []string
	for i := 0; i < 2; i++ {
		missed = append(missed, in.send(t, b.Token, a.ID, "while away"))
	}
	r := in.open(t, "", map[string]string{"Authorization": "Bearer " + a.Token, "Last-Event-ID": seen.ID})
	for _, id := range missed {
		if got, ok := r.next(t); !ok || got.Data["ref_id"] != id {
			t.Fatalf("replayed %+v; want %s", got, id)
		}
	}
	// Live events follow the replay.
	live := in.send(t, b.Token, a.ID, "live")
	if got, _ := r.next(t); got.Data["ref_id"] != live {
		t.Fatalf("after the replay: %+v; want %s", got, live)
	}

	// A ticket carries the position in the query; more missed than
	// ReplayMax ends the replay with a reset.
	for i := 0; i < 4; i++ {
		in.send(t, b.Token, a.ID, "many")
	}
	tr := in.open(t, "last_event_id="+seen.ID+"&ticket="+url.QueryEscape(in.ticket(t, a.Token)), nil)
	for i := 0; i < 3; i++ {
		if got, ok := tr.next(t); !ok || got.Event != events.Message {
			t.Fatalf("replayed %d: %+v", i, got)
		}
	}
	if got, ok := tr.next(t); !ok || got.Event != "reset" {
		t.Fatalf("after ReplayMax events: %+v; want reset", got)
	}
	refused(t, in, "", map[string]string{"Authorization": "Bearer " + a.Token, "Last-Event-ID": "x"}, 400)
}

func TestPasswordChangeEndsTheStream(t *testing.T) {
	e := testkit.New(t)
	in := newInstance(t, e.DB, stream.Options{Heartbeat: 200 * time.Millisecond})
	co := e.NewCompany()
	a := e.NewMember(co, authz.Perms{})
	s := in.open(t, "", bearer(a.Token))
	s.quiet(t, 500*time.Millisecond) // heartbeats alone keep it open
	if st, env := in.call(t, "PUT", "/api/v1/auth/me/password", a.Token,
		map[string]any{"current_password": testkit.Password, "new_password": "Better-Kettle-81"}); st != 200 {
		t.Fatalf("password change: %d %v", st, env)
	}
	got, ok := s.next(t)
	if !ok || got.Event != "end" || got.Data["reason"] != "unauthorized" {
		t.Fatalf("after the password change: %+v %v", got, ok)
	}
	if _, ok := s.next(t); ok {
		t.Fatal("the stream went on after its end event")
	}
}

func TestStreamLimitsPerAccount(t *testing.T) {
	e := testkit.New(t)
	in := newInstance(t, e.DB, stream.Options{MaxPerUser: 2})
	co := e.NewCompany()
	a := e.NewMember(co, authz.Perms{})
	s1 := in.open(t, "", bearer(a.Token))
	in.open(t, "", bearer(a.Token))
	refused(t, in, "", bearer(a.Token), 429)
	s1.resp.Body.Close()
	deadline := time.Now().Add(10 * time.Second)
	for in.Server.Stream.Streams() > 1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	in.open(t, "", bearer(a.Token))
}
