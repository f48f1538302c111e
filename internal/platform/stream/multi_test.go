package stream_test

import (
	"context"
	"net"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/stream"
	"github.com/crmhrm/crm/internal/testkit"
)

// postgresDSN is a DSN of the package's PostgreSQL test database.
func postgresDSN(t *testing.T, store *db.DB) string {
	t.Helper()
	var name string
	if err := store.Q(context.Background()).QueryRowContext(context.Background(), `SELECT current_database()`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		base = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// natsURL is the NATS server to test with; the test is skipped without one.
func natsURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("NATS_URL")
	if u == "" {
		u = "nats://127.0.0.1:4222"
	}
	pu, err := url.Parse(u)
	if err != nil {
		t.Fatalf("NATS_URL: %v", err)
	}
	c, err := net.DialTimeout("tcp", pu.Host, time.Second)
	if err != nil {
		t.Skipf("no NATS server answers at %s (set NATS_URL or start nats-server): %v", pu.Host, err)
	}
	c.Close()
	return u
}

// crossInstance opens a stream on instance b and sends a message through
// instance a; each has its own pool and dispatcher, and polls only hourly,
// so the message can only arrive in time through the wake-up between them.
func crossInstance(t *testing.T, o stream.Options) {
	o.Poll = time.Hour
	crossInstanceEvery(t, o, true)
}

// crossInstanceEvery is crossInstance with the caller's poll interval; with
// wake set it first waits until both instances listen for wake-ups.
func crossInstanceEvery(t *testing.T, o stream.Options, wake bool) {
	e := testkit.New(t)
	a := newInstance(t, e.DB, o)
	b := newInstance(t, testkit.OpenDB(t, nil), o)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	a.Server.Stream.Start(ctx)
	b.Server.Stream.Start(ctx)
	deadline := time.Now().Add(10 * time.Second)
	for wake && !(a.Server.Stream.Listening() && b.Server.Stream.Listening()) {
		if time.Now().After(deadline) {
			t.Fatal("the instances never started listening for wake-ups")
		}
		time.Sleep(20 * time.Millisecond)
	}
	co := e.NewCompany()
	alice, bob := e.NewMember(co, authz.Perms{}), e.NewMember(co, authz.Perms{})
	s := b.open(t, "ticket="+url.QueryEscape(a.ticket(t, bob.Token)), nil) // a ticket from a works on b
	for i := 0; i < 3; i++ {
		id := a.send(t, alice.Token, bob.ID, "across instances")
		select {
		case got, ok := <-s.events:
			if !ok || got.Data["ref_id"] != id {
				t.Fatalf("on b: %+v; want message %s", got, id)
			}
		case <-time.After(5 * time.Second): // generous: the wake-up takes milliseconds; the poll an hour
			t.Fatalf("message %d sent on a did not reach b", i)
		}
	}
}

func TestTwoInstancesOnPostgreSQLWakeEachOtherThroughListenNotify(t *testing.T) {
	if testkit.Dialect() != "postgres" {
		t.Skip("LISTEN/NOTIFY needs TEST_DB=postgres")
	}
	crossInstance(t, stream.Options{ListenDSN: postgresDSN(t, testkit.DB(t))})
}

func TestTwoInstancesWakeEachOtherThroughNATS(t *testing.T) {
	u := natsURL(t)
	if testkit.Dialect() == "sqlite" {
		// Two pools on one SQLite file stand for two processes.
		t.Log("two instances over one SQLite file")
	}
	crossInstance(t, stream.Options{NATSURL: u})
}

// Without LISTEN/NOTIFY or NATS (MySQL/MariaDB, or no wake-up configured),
// each instance finds the other's writes by polling the outbox.
func TestTwoInstancesFindEachOthersWritesByPolling(t *testing.T) {
	crossInstanceEvery(t, stream.Options{Poll: 200 * time.Millisecond}, false)
}
