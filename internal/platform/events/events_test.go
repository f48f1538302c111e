package events_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/org"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/events"
	"github.com/crmhrm/crm/internal/testkit"
)

// latest is the id of the newest event, 0 when there is none.
func latest(t *testing.T, store *db.DB) int64 {
	t.Helper()
	var id int64
	if err := store.Q(context.Background()).QueryRowContext(context.Background(),
		`SELECT COALESCE(MAX(id), 0) FROM event_outbox`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestEventExistsOnlyIfItsWriteCommits(t *testing.T) {
	store := testkit.DB(t)
	ctx := context.Background()
	company := db.NewID()
	users := []string{db.NewID(), db.NewID()}
	before := latest(t, store)

	boom := errors.New("boom")
	err := store.InTx(ctx, func(ctx context.Context) error {
		if err := org.Notify(ctx, store, org.Note{CompanyID: company, Users: users, Title: "rolled back"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx = %v", err)
	}
	got, err := events.Since(ctx, store, before, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range got {
		if e.CompanyID == company {
			t.Fatalf("an event of a rolled-back write exists: %+v", e)
		}
	}
	var n int
	if err := store.Q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE company_id = ?`, company).Scan(&n); err != nil || n != 0 {
		t.Fatalf("rolled-back notifications = %d (%v)", n, err)
	}

	if err := store.InTx(ctx, func(ctx context.Context) error {
		return org.Notify(ctx, store, org.Note{CompanyID: company, Users: users, Title: "committed"})
	}); err != nil {
		t.Fatal(err)
	}
	var nid string
	if err := store.Q(ctx).QueryRowContext(ctx, `SELECT id FROM notifications WHERE company_id = ?`, company).Scan(&nid); err != nil {
		t.Fatal(err)
	}
	got, err = events.Since(ctx, store, before, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var mine []events.Stored
	for _, e := range got {
		if e.CompanyID == company {
			mine = append(mine, e)
		}
	}
	if len(mine) != 1 || mine[0].Kind != events.Notification || mine[0].RefID != nid ||
		len(mine[0].Recipients) != 2 || mine[0].Recipients[0] != users[0] || mine[0].ID <= before || mine[0].CreatedAt == 0 {
		t.Fatalf("events = %+v; want one notification event for %s", mine, nid)
	}
}

func TestSinceReadsInIDOrderAndPruneDropsOldEvents(t *testing.T) {
	store := testkit.DB(t)
	ctx := context.Background()
	company := db.NewID()
	before := latest(t, store)
	for _, kind := range []string{events.Message, events.MessageRead, events.MessageDeleted} {
		if err := events.Emit(ctx, store, events.Event{CompanyID: company, Kind: kind, RefID: db.NewID(), Recipients: []string{"x"}}); err != nil {
			t.Fatal(err)
		}
	}
	first, err := events.Since(ctx, store, before, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 2 || first[0].ID >= first[1].ID {
		t.Fatalf("first page = %+v", first)
	}
	rest, err := events.Since(ctx, store, first[1].ID, 100)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range append(first, rest...) {
		if e.CompanyID == company {
			kinds = append(kinds, e.Kind)
		}
	}
	if len(kinds) != 3 || kinds[0] != events.Message || kinds[1] != events.MessageRead || kinds[2] != events.MessageDeleted {
		t.Fatalf("kinds in id order = %v", kinds)
	}
	if err := events.Emit(ctx, store, events.Event{CompanyID: company}); err == nil {
		t.Fatal("an event without a kind was accepted")
	}

	if err := events.Prune(ctx, store, time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if kept, _ := events.Since(ctx, store, before, 100); len(kept) < 3 {
		t.Fatalf("pruning an hour back removed fresh events: %d left", len(kept))
	}
	if err := events.Prune(ctx, store, time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if kept, _ := events.Since(ctx, store, 0, 100); len(kept) != 0 {
		t.Fatalf("after pruning everything, %d events left", len(kept))
	}
}
