package events_test

import (
	"context"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/events"
	"github.com/crmhrm/crm/internal/testkit"
)

func mine(evs []events.Stored, company string) []events.Stored {
	var out []events.Stored
	for _, e := range evs {
		if e.CompanyID == company {
			out = append(out, e)
		}
	}
	return out
}

func TestFollowerReturnsEachCommittedEventOnceEvenWhenCommitsAreOutOfOrder(t *testing.T) {
	store := testkit.DB(t)
	ctx := context.Background()
	company := db.NewID()
	start, err := events.Latest(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	f := events.NewFollower(store, start)
	emit := func(ctx context.Context, ref string) {
		t.Helper()
		if err := events.Emit(ctx, store, events.Event{CompanyID: company, Kind: events.Message, RefID: ref, Recipients: []string{"u"}}); err != nil {
			t.Fatal(err)
		}
	}
	next := func() []events.Stored {
		t.Helper()
		evs, _, err := f.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return mine(evs, company)
	}
	emit(ctx, "a")
	emit(ctx, "b")
	if got := next(); len(got) != 2 || got[0].RefID != "a" || got[1].RefID != "b" {
		t.Fatalf("first read = %+v", got)
	}
	if got := next(); len(got) != 0 {
		t.Fatalf("a second read returned %+v again", got)
	}
	if testkit.Dialect() == "sqlite" {
		return // SQLite runs one write transaction at a time: commits follow ids
	}
	// A transaction takes an id, another takes the next id and commits first.
	held, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- store.InTx(ctx, func(ctx context.Context) error {
			emit(ctx, "early id, late commit")
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	emit(ctx, "late id, early commit")
	if got := next(); len(got) != 1 || got[0].RefID != "late id, early commit" {
		t.Fatalf("before the slow commit: %+v", got)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := next(); len(got) != 1 || got[0].RefID != "early id, late commit" {
		t.Fatalf("after the slow commit: %+v; want the event with the smaller id", got)
	}
	if got := next(); len(got) != 0 {
		t.Fatalf("read again: %+v", got)
	}
}
