package messaging_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

const api = "/api/v1"

// trio is a company with three members: A and B talk, C is a bystander.
type trio struct {
	e       *testkit.Env
	co      *testkit.Company
	a, b, c *testkit.Member
}

func newTrio(t *testing.T) *trio {
	e := testkit.New(t)
	co := e.NewCompany()
	none := authz.Perms{}
	return &trio{e: e, co: co, a: e.NewMember(co, none), b: e.NewMember(co, none), c: e.NewMember(co, none)}
}

func (x *trio) send(from, to *testkit.Member, text string) string {
	x.e.T.Helper()
	return x.e.Must(201, "POST", api+"/messages", from.Token, map[string]any{"chooseMember": to.ID, "message": text}).ID()
}

func ids(rows []map[string]any) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r["id"].(string))
	}
	return out
}

func eventRows(t *testing.T, e *testkit.Env, refID, kind string) int {
	t.Helper()
	var n int
	if err := e.DB.Q(context.Background()).QueryRowContext(context.Background(),
		`SELECT COUNT(*) FROM event_outbox WHERE ref_id = ? AND kind = ?`, refID, kind).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSenderIsTheCallerNeverTheBody(t *testing.T) {
	x := newTrio(t)
	r := x.e.Must(201, "POST", api+"/messages", x.a.Token, map[string]any{"chooseMember": x.b.ID, "message": "hi",
		"sender": x.c.ID, "created_by": x.c.ID, "isRead": true})
	d := r.Data()
	if d["sender"] != x.a.ID || d["chooseMember"] != x.b.ID || d["isRead"] != false {
		t.Fatalf("message = %v; want sender %s, chooseMember %s, unread", d, x.a.ID, x.b.ID)
	}
	if n := eventRows(t, x.e, r.ID(), "message"); n != 1 {
		t.Fatalf("message events = %d, want 1", n)
	}
}

func TestRecipientsMustBeAccountsOfTheCompany(t *testing.T) {
	x := newTrio(t)
	other := x.e.NewCompany()
	stranger := x.e.NewMember(other, authz.Perms{})
	for _, to := range []any{stranger.ID, other.ID, []string{x.b.ID, stranger.ID}, "nobody", []string{}, nil} {
		r := x.e.Do("POST", api+"/messages", x.a.Token, map[string]any{"chooseMember": to, "message": "psst"})
		if r.Status != 422 {
			t.Fatalf("chooseMember %v: status %d, want 422: %s", to, r.Status, r.Raw)
		}
	}
	if got := x.e.Must(200, "GET", api+"/messages", x.b.Token, nil).List(); len(got) != 0 {
		t.Fatalf("a refused message was stored: %v", got)
	}
	if got := x.e.Must(200, "GET", api+"/messages", stranger.Token, nil).List(); len(got) != 0 {
		t.Fatalf("the stranger got %v", got)
	}
	// The company owner is an account of the company.
	x.e.Must(201, "POST", api+"/messages", x.a.Token, map[string]any{"chooseMember": x.co.ID, "message": "boss"})
}

func TestSeveralRecipientsGetOneMessageEach(t *testing.T) {
	x := newTrio(t)
	x.e.Must(201, "POST", api+"/messages", x.a.Token, map[string]any{"chooseMember": []string{x.b.ID, x.c.ID, x.b.ID}, "message": "all hands"})
	for _, m := range []*testkit.Member{x.b, x.c} {
		got := x.e.Must(200, "GET", api+"/messages", m.Token, nil).List()
		if len(got) != 1 || got[0]["chooseMember"] != m.ID || got[0]["sender"] != x.a.ID {
			t.Fatalf("%s sees %v", m.Username, got)
		}
	}
	if got := x.e.Must(200, "GET", api+"/messages", x.a.Token, nil).List(); len(got) != 2 {
		t.Fatalf("the sender sees %d messages, want 2", len(got))
	}
}

func TestMessagesAreVisibleToTheirPartiesOnly(t *testing.T) {
	x := newTrio(t)
	id := x.send(x.a, x.b, "for B only")
	for _, path := range []string{"/messages", "/messages?chooseMember=" + x.b.ID, "/messages?chooseMember=" + x.a.ID} {
		if got := x.e.Must(200, "GET", api+path, x.c.Token, nil).List(); len(got) != 0 {
			t.Fatalf("bystander GET %s = %v", path, got)
		}
		if got := x.e.Must(200, "GET", api+path, x.co.Token, nil).List(); len(got) != 0 {
			t.Fatalf("company owner GET %s = %v", path, got)
		}
	}
	x.e.Must(404, "GET", api+"/messages/"+id, x.c.Token, nil)
	if r := x.e.Must(200, "GET", api+"/activities", x.co.Token, nil); strings.Contains(string(r.Raw), "for B only") {
		t.Fatalf("the activity log quotes the message: %s", r.Raw)
	}
	if got := ids(x.e.Must(200, "GET", api+"/messages?chooseMember="+x.b.ID, x.b.Token, nil).List()); len(got) != 1 || got[0] != id {
		t.Fatalf("recipient sees %v", got)
	}
	if got := ids(x.e.Must(200, "GET", api+"/messages?chooseMember="+x.b.ID, x.a.Token, nil).List()); len(got) != 1 || got[0] != id {
		t.Fatalf("sender sees %v", got)
	}
	x.e.Must(200, "GET", api+"/messages/"+id, x.b.Token, nil)
}

func TestOnlyTheSenderEditsOrDeletes(t *testing.T) {
	x := newTrio(t)
	id := x.send(x.a, x.b, "original")
	x.e.Must(403, "PUT", api+"/messages/"+id, x.b.Token, map[string]any{"message": "forged"})
	x.e.Must(404, "PUT", api+"/messages/"+id, x.c.Token, map[string]any{"message": "forged"})
	x.e.Must(403, "DELETE", api+"/messages/"+id, x.b.Token, nil)
	x.e.Must(404, "DELETE", api+"/messages/"+id, x.c.Token, nil)
	x.e.Must(422, "PUT", api+"/messages/"+id, x.a.Token, map[string]any{"message": strings.Repeat("x", 5001)})
	x.e.Must(422, "PUT", api+"/messages/"+id, x.a.Token, map[string]any{"chooseMember": x.c.ID})

	// The sender's isRead is ignored; the recipient's is kept.
	if d := x.e.Must(200, "PUT", api+"/messages/"+id, x.a.Token, map[string]any{"message": "edited", "isRead": true}).Data(); d["isRead"] != false || d["message"] != "edited" {
		t.Fatalf("sender edit = %v", d)
	}
	if d := x.e.Must(200, "PUT", api+"/messages/"+id, x.b.Token, map[string]any{"isRead": true}).Data(); d["isRead"] != true || d["message"] != "edited" {
		t.Fatalf("recipient read = %v", d)
	}
	if n := eventRows(t, x.e, id, "message.read"); n != 1 {
		t.Fatalf("message.read events = %d, want 1", n)
	}
	x.e.Must(200, "DELETE", api+"/messages/"+id, x.a.Token, nil)
	x.e.Must(404, "GET", api+"/messages/"+id, x.b.Token, nil)
	x.e.Must(404, "GET", api+"/messages/"+id, x.a.Token, nil)
	if n := eventRows(t, x.e, id, "message.deleted"); n != 1 {
		t.Fatalf("message.deleted events = %d, want 1", n)
	}
}

func TestBodyLimits(t *testing.T) {
	x := newTrio(t)
	x.e.Must(422, "POST", api+"/messages", x.a.Token, map[string]any{"chooseMember": x.b.ID, "message": strings.Repeat("é", 5001)})
	x.e.Must(422, "POST", api+"/messages", x.a.Token, map[string]any{"chooseMember": x.b.ID, "message": "ok", "file": strings.Repeat("f", 1001)})
	x.e.Must(201, "POST", api+"/messages", x.a.Token, map[string]any{"chooseMember": x.b.ID, "message": strings.Repeat("é", 5000)})
	x.e.Must(413, "POST", api+"/messages", x.a.Token, map[string]any{"chooseMember": x.b.ID, "message": strings.Repeat("x", 2<<20)})
}

func TestConversationsListTheOtherPartyLastMessageAndUnread(t *testing.T) {
	x := newTrio(t)
	x.send(x.a, x.b, "1")
	x.send(x.b, x.a, "2")
	x.send(x.b, x.a, "3")
	last := x.send(x.c, x.a, "4")

	conv := x.e.Must(200, "GET", api+"/messages/conversations", x.a.Token, nil).List()
	if len(conv) != 2 {
		t.Fatalf("conversations = %v", conv)
	}
	if conv[0]["with"] != x.c.ID || conv[0]["username"] != x.c.Username || conv[0]["unread"] != float64(1) ||
		conv[0]["lastMessage"].(map[string]any)["id"] != last {
		t.Fatalf("newest conversation = %v", conv[0])
	}
	if conv[1]["with"] != x.b.ID || conv[1]["unread"] != float64(2) || conv[1]["lastMessage"].(map[string]any)["message"] != "3" {
		t.Fatalf("second conversation = %v", conv[1])
	}
	// B's view: A's message is unread for B, B's own are not counted.
	if conv := x.e.Must(200, "GET", api+"/messages/conversations", x.b.Token, nil).List(); len(conv) != 1 || conv[0]["unread"] != float64(1) {
		t.Fatalf("B's conversations = %v", conv)
	}
	// Reading the conversation marks B's messages to A read, not A's to B.
	x.e.Must(200, "GET", api+"/messages/with/"+x.b.ID, x.a.Token, nil)
	conv = x.e.Must(200, "GET", api+"/messages/conversations", x.a.Token, nil).List()
	if conv[1]["unread"] != float64(0) {
		t.Fatalf("after reading, conversation with B = %v", conv[1])
	}
	if conv := x.e.Must(200, "GET", api+"/messages/conversations", x.b.Token, nil).List(); conv[0]["unread"] != float64(1) {
		t.Fatalf("A reading marked B's unread: %v", conv)
	}
	if got := x.e.Must(200, "GET", api+"/messages/conversations", x.co.Token, nil).List(); len(got) != 0 {
		t.Fatalf("owner's conversations = %v", got)
	}
}

func TestConversationPagesAreStableUnderConcurrentInserts(t *testing.T) {
	x := newTrio(t)
	var want []string
	for i := 0; i < 23; i++ {
		from, to := x.a, x.b
		if i%2 == 1 {
			from, to = to, from
		}
		want = append(want, x.send(from, to, fmt.Sprint("m", i)))
	}
	toC := x.send(x.a, x.c, "not in this conversation")
	var got []string
	seen := map[string]bool{}
	cursor := ""
	for page := 0; page < 10; page++ {
		// Messages sent while paging are newer than the first page: they
		// neither repeat nor shift the pages after it.
		var wg sync.WaitGroup
		for i := 0; i < 3; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				x.e.Do("POST", api+"/messages", x.b.Token, map[string]any{"chooseMember": x.a.ID, "message": "meanwhile"})
			}()
		}
		path := api + "/messages/with/" + x.b.ID + "?limit=5"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		r := x.e.Must(200, "GET", path, x.a.Token, nil)
		wg.Wait()
		rows := r.List()
		for _, m := range rows {
			id := m["id"].(string)
			if seen[id] {
				t.Fatalf("page %d repeats %s", page, id)
			}
			seen[id] = true
			if m["message"] != "meanwhile" {
				got = append(got, id)
			}
		}
		p, _ := r.Body["pagination"].(map[string]any)
		next, _ := p["next"].(string)
		if next == "" {
			break
		}
		cursor = next
	}
	if len(got) != len(want) {
		t.Fatalf("paged %d original messages, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[len(want)-1-i] {
			t.Fatalf("position %d: %s, want %s (newest first)", i, got[i], want[len(want)-1-i])
		}
	}
	x.e.Must(400, "GET", api+"/messages/with/"+x.b.ID+"?cursor=garbage", x.a.Token, nil)
	x.e.Must(400, "GET", api+"/messages/with/"+x.b.ID+"?limit=0", x.a.Token, nil)
	// C reading "with A" sees only its own message from A, nothing of A and B.
	if got := ids(x.e.Must(200, "GET", api+"/messages/with/"+x.a.ID, x.c.Token, nil).List()); len(got) != 1 || got[0] != toC {
		t.Fatalf("C with A = %v", got)
	}
}
