package crud_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// findable is a test resource over the notes table searching both of the
// columns the notes search index covers.
type findable struct {
	crud.Base
	RelatedID   string  `db:"related_id" json:"related_id" v:"readonly"`
	Title       string  `db:"note_title" json:"title" v:"required,search,sort"`
	Kind        string  `db:"notetype" json:"kind" v:"required,filter"`
	Description *string `db:"description" json:"description" v:"text,search"`
}

var findables = &crud.Resource[findable]{
	Name: "Findable", Path: "/test-findable", Table: "notes", Tag: "Test",
	Fixed: map[string]string{"related_id": "search-test"},
}

// TestSearch: q finds the rows holding it in a searchable column, ignoring
// case, within the caller's company, combined with filters, sort, pages,
// totals and cursors, and follows every write (the engine's and plain SQL).
// MariaDB's FULLTEXT index finds q only where its words begin words of the
// text (README › Search); the other databases find any substring.
func TestSearch(t *testing.T) {
	e := newEnv(t)
	co, other := e.NewCompany(), e.NewCompany()
	const base = "/api/v1/test-findable"
	mysql := e.Server.DB.Dialect.Name() == "mysql"
	add := func(token, title, kind string, desc any) string {
		return e.do(201, "POST", base, token, map[string]any{"title": title, "kind": kind, "description": desc}).ID()
	}
	review := add(co.Token, "Quarterly analyst review", "call", "Numbers for Émile")
	backend := add(co.Token, "Backend engineer", "mail", nil)
	data := add(co.Token, "Data ANALYST 42", "call", "call O'Brien")
	zebra := add(co.Token, "Zebra", "mail", "100% sure_thing")
	add(other.Token, "analyst elsewhere", "call", "Émile")
	name := map[string]string{review: "review", backend: "backend", data: "data", zebra: "zebra"}
	found := func(query string) []string {
		t.Helper()
		var out []string
		for _, id := range ids(e.do(200, "GET", base+"?"+query, co.Token, nil)) {
			out = append(out, name[id])
		}
		sort.Strings(out)
		return out
	}
	q := func(text string) string { return "q=" + url.QueryEscape(text) }
	cases := []struct {
		q          string
		want       []string
		wantMySQL  []string // when MariaDB differs
		differsSQL bool
	}{
		{q: "analyst", want: []string{"data", "review"}},
		{q: "ANALYST", want: []string{"data", "review"}},
		{q: "nalys", want: []string{"data", "review"}, differsSQL: true}, // inside a word: not on MariaDB
		{q: "émile", want: []string{"review"}},
		{q: "ÉMILE", want: []string{"review"}},
		{q: "data analyst", want: []string{"data"}},
		{q: "ta an", want: []string{"data"}}, // no word of 3 letters: scanned everywhere
		{q: "analyst review", want: []string{"review"}},
		{q: "review analyst", want: nil},
		{q: "o'brien", want: []string{"data"}},
		{q: "100%", want: []string{"zebra"}},
		{q: "100_", want: nil},
		{q: "sure_th", want: []string{"zebra"}},
		{q: "an", want: []string{"data", "review"}},
		{q: "e", want: []string{"backend", "data", "review", "zebra"}},
		{q: `"quarterly"`, want: nil},
		{q: "elsewhere", want: nil},
		{q: " engineer ", want: []string{"backend"}},
	}
	// On SQLite a q with many matches is read another way (see searchCond):
	// a probe of 1 makes every q common. On MariaDB a page of a newest-first
	// list is first walked without the FULLTEXT index (mariadbWalk): pages
	// of 10 and 1 without their total are walked (with it, the total of so
	// few rows sends them to MATCH at once), or give way to MATCH when the
	// walk meets non-ASCII text; a walk bound of one row per row wanted cuts
	// the pages of 1 short (the company's newest row does not hold
	// "analyst"), which then give way too.
	walks := crud.SearchWalks()
	for _, probe := range []int{1000, 1} {
		restore := crud.SetSearchProbe(probe)
		restoreWalk := func() {}
		if probe == 1 {
			restoreWalk = crud.SetSearchWalkFactor(1)
		}
		for _, c := range cases {
			want := c.want
			if mysql && c.differsSQL {
				want = c.wantMySQL
			}
			if got := found(q(c.q)); !slices.Equal(got, want) {
				t.Errorf("probe %d, q=%q: %v, want %v", probe, c.q, got, want)
			}
			for _, total := range []string{"", "&total=false"} {
				if got := found(q(c.q) + "&page=1&limit=10" + total); !slices.Equal(got, want) {
					t.Errorf("probe %d, q=%q, a page of 10%s: %v, want %v", probe, c.q, total, got, want)
				}
				var paged []string
				for page := 1; page <= 5; page++ {
					paged = append(paged, found(q(c.q)+"&limit=1&page="+strconv.Itoa(page)+total)...)
				}
				sort.Strings(paged)
				if !slices.Equal(paged, want) {
					t.Errorf("probe %d, q=%q, pages of 1%s: %v, want %v", probe, c.q, total, paged, want)
				}
			}
		}
		restoreWalk()
		if got := found(q("analyst") + "&kind=call&sort=-title&page=1&limit=5"); !slices.Equal(got, []string{"data", "review"}) {
			t.Errorf("probe %d, q=analyst&kind=call: %v", probe, got)
		}
		restore()
	}

	if mysql && e.Server.DB.MariaDB && crud.SearchWalks()-walks < int64(len(cases)) {
		t.Errorf("MariaDB walked %d search pages, want one a case at least", crud.SearchWalks()-walks)
	}

	// With a filter, a sort, pages and their total, and the cursor.
	if got := found(q("analyst") + "&kind=call"); !slices.Equal(got, []string{"data", "review"}) {
		t.Errorf("q=analyst&kind=call: %v", got)
	}
	if got := found(q("analyst") + "&kind=mail"); len(got) != 0 {
		t.Errorf("q=analyst&kind=mail: %v", got)
	}
	r := e.do(200, "GET", base+"?"+q("analyst")+"&sort=title&page=1&limit=1", co.Token, nil)
	if rows := ids(r); len(rows) != 1 || rows[0] != data {
		t.Fatalf("first page sorted by title: %s", r.Raw)
	}
	pg, _ := r.Body["pagination"].(map[string]any)
	if pg["total"] != float64(2) || pg["next"] == nil {
		t.Fatalf("pagination of the first page: %v", pg)
	}
	r = e.do(200, "GET", base+"?"+q("analyst")+"&sort=title&limit=1&cursor="+url.QueryEscape(pg["next"].(string)), co.Token, nil)
	if rows := ids(r); len(rows) != 1 || rows[0] != review {
		t.Fatalf("page after the cursor: %s", r.Raw)
	}

	// Writes: an update, a delete, then plain SQL.
	e.do(200, "PUT", base+"/"+backend, co.Token, map[string]any{"title": "Lead analyst", "description": "Hired by Émile"})
	if got := found(q("analyst")); !slices.Equal(got, []string{"backend", "data", "review"}) {
		t.Errorf("after an update, q=analyst: %v", got)
	}
	if got := found(q("backend")); len(got) != 0 {
		t.Errorf("after an update, the old title still found: %v", got)
	}
	if got := found(q("Émile")); !slices.Equal(got, []string{"backend", "review"}) {
		t.Errorf("after an update, q=Émile: %v", got)
	}
	e.do(200, "PUT", base+"/"+backend, co.Token, map[string]any{"kind": "call"}) // no searchable change
	if got := found(q("lead analyst")); !slices.Equal(got, []string{"backend"}) {
		t.Errorf("after an update of another field: %v", got)
	}
	e.do(200, "DELETE", base+"/"+review, co.Token, nil)
	if got := found(q("analyst")); !slices.Equal(got, []string{"backend", "data"}) {
		t.Errorf("after a delete, q=analyst: %v", got)
	}
	ctx := context.Background()
	store := e.Server.DB
	if _, err := store.Write.ExecContext(ctx, store.Dialect.Rebind("UPDATE notes SET note_title = ?, description = NULL WHERE id = ?"), "Plain note", data); err != nil {
		t.Fatal(err)
	}
	if got := found(q("analyst")); !slices.Equal(got, []string{"backend"}) {
		t.Errorf("after an UPDATE in SQL, q=analyst: %v", got)
	}
	if got := found(q("plain note")); !slices.Equal(got, []string{"data"}) {
		t.Errorf("after an UPDATE in SQL, q=plain note: %v", got)
	}
	if _, err := store.Write.ExecContext(ctx, store.Dialect.Rebind("DELETE FROM notes WHERE id = ?"), data); err != nil {
		t.Fatal(err)
	}
	if got := found(q("plain note")); len(got) != 0 {
		t.Errorf("after a DELETE in SQL: %v", got)
	}

	// A resource searching fewer columns than its table's index covers
	// finds q in its own columns only: memos search titles, not descriptions.
	memoTitles := func(text string) int {
		return len(e.do(200, "GET", "/api/v1/test-memos?q="+url.QueryEscape(text), co.Token, nil).List())
	}
	if n := memoTitles("hired by"); n != 0 {
		t.Errorf("memos found a description: %d rows", n)
	}
	if n := memoTitles("lead analyst"); n != 1 {
		t.Errorf("memos q=lead analyst: %d rows, want 1", n)
	}
}

// TestSearchWalk: on MariaDB a newest-first page of q is walked without the
// FULLTEXT index when it can be (see mariadbWalk); every page answers what
// MATCH answers, on text where the two could part: a word of q inside a
// word, after '_', a digit or an apostrophe, words longer than InnoDB
// indexes, a word that begins a stopword, accents.
func TestSearchWalk(t *testing.T) {
	e := newEnv(t)
	co := e.NewCompany()
	const base = "/api/v1/test-findable"
	long := func(n int) string { return "analyst" + strings.Repeat("x", n-len("analyst")) }
	for i, text := range []string{
		"Psychoanalyst notes", "analyst_report", "pre-analyst", "Senior analyst", long(84), long(85),
		"What a day", "O'analyst", "42analyst", "Analyst-in-chief", "whatever", "Émile the writer", "Ünalyst",
		"Data ANALYST", "review analyst", "x analyst_x", "analysts", "analyst",
	} {
		var desc any
		if i%3 == 1 { // ASCII titles only: a row with other text makes the walk give way
			desc = "kept by the analyst team"
		}
		e.do(201, "POST", base, co.Token, map[string]any{"title": text, "kind": "call", "description": desc})
	}
	page := func(query string) []string {
		t.Helper()
		return ids(e.do(200, "GET", base+"?"+query, co.Token, nil))
	}
	walks := crud.SearchWalks()
	for _, q := range []string{"analyst", "ANALYST", "analyst report", "wha", "whatever", "chief", "in-chief",
		"emile", "writer", "42analyst", "nalyst", "analysts", "analyst team", "xxxx", "unalyst"} {
		for _, query := range []string{"q=" + url.QueryEscape(q) + "&page=1&limit=50&total=false",
			"q=" + url.QueryEscape(q) + "&page=2&limit=3&total=false", "q=" + url.QueryEscape(q) + "&page=1&limit=2"} {
			walked := page(query)
			restore := crud.SetSearchWalkRows(0)
			indexed := page(query)
			restore()
			if !slices.Equal(walked, indexed) {
				t.Errorf("%s: walked %v, with the index %v", query, walked, indexed)
			}
		}
	}
	if e.Server.DB.MariaDB && crud.SearchWalks()-walks < 10 {
		t.Errorf("MariaDB walked %d pages, want 10 at least", crud.SearchWalks()-walks)
	}
}

// TestSearchFollowsBatchedWrites: rows created by concurrent requests (which
// SQLite commits together, see db.InTx) are found by q as soon as they are
// answered; a row inserted, changed and deleted within one transaction is
// found as it ended; a failed transaction leaves nothing to find. On SQLite
// the search queue is empty after every commit and the FTS5 index agrees
// with its table (its integrity check).
func TestSearchFollowsBatchedWrites(t *testing.T) {
	e := newEnv(t)
	co := e.NewCompany()
	const base = "/api/v1/test-findable"
	store := e.Server.DB
	ctx := context.Background()
	count := func(text string) int {
		t.Helper()
		return len(e.do(200, "GET", base+"?q="+url.QueryEscape(text), co.Token, nil).List())
	}
	check := func(when string) {
		t.Helper()
		if store.Dialect.Name() != "sqlite" {
			return
		}
		var queued int
		if err := store.Read.QueryRow(`SELECT COUNT(*) FROM "search_queue"`).Scan(&queued); err != nil {
			t.Fatal(err)
		}
		if queued != 0 {
			t.Errorf("%s: %d rows left in the search queue", when, queued)
		}
		if err := store.InTx(ctx, func(ctx context.Context) error {
			_, err := store.Q(ctx).ExecContext(ctx, `INSERT INTO "notes_search" ("notes_search", rank) VALUES ('integrity-check', 1)`)
			return err
		}); err != nil {
			t.Errorf("%s: the search index disagrees with its table: %v", when, err)
		}
	}

	// Concurrent creates, some changed or deleted right after.
	const n = 48
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			send := func(method, path string, body any) (int, string) {
				req, _ := testkit.NewRequest(method, path, body)
				req.Header.Set("Authorization", "Bearer "+co.Token)
				rec := httptest.NewRecorder()
				testMux.ServeHTTP(rec, req)
				r := &testkit.Response{Status: rec.Code, Raw: rec.Body.Bytes()}
				_ = jsonDecode(r)
				if r.Status >= 300 {
					return r.Status, ""
				}
				return r.Status, r.ID()
			}
			code, id := send("POST", base, map[string]any{"title": fmt.Sprintf("quokka %02d", i), "kind": "call", "description": "wombat"})
			if code != 201 {
				t.Errorf("create %d: status %d", i, code)
				return
			}
			ids[i] = id
			switch i % 4 {
			case 1:
				if code, _ := send("PUT", base+"/"+id, map[string]any{"title": fmt.Sprintf("numbat %02d", i)}); code != 200 {
					t.Errorf("update %d: status %d", i, code)
				}
			case 2:
				if code, _ := send("DELETE", base+"/"+id, nil); code != 200 {
					t.Errorf("delete %d: status %d", i, code)
				}
			}
		})
	}
	wg.Wait()
	if got, want := count("quokka"), n/2; got != want {
		t.Errorf("q=quokka after concurrent creates: %d rows, want %d", got, want)
	}
	if got, want := count("numbat"), n/4; got != want {
		t.Errorf("q=numbat after concurrent updates: %d rows, want %d", got, want)
	}
	if got, want := count("wombat"), n*3/4; got != want {
		t.Errorf("q=wombat: %d rows, want %d (deleted rows gone)", got, want)
	}
	check("after concurrent writes")

	// One transaction inserts rows, changes one, deletes another; a second
	// one fails after inserting.
	insert := func(ctx context.Context, title string) (string, error) {
		id := db.NewID()
		now := time.Now().UnixMilli()
		_, err := store.Q(ctx).ExecContext(ctx, `INSERT INTO notes (id, company_id, created_at, updated_at, related_id, note_title, notetype)
			VALUES (?, ?, ?, ?, 'search-test', ?, 'call')`, id, co.ID, now, now, title)
		return id, err
	}
	err := store.InTx(ctx, func(ctx context.Context) error {
		a, err := insert(ctx, "echidna one")
		if err != nil {
			return err
		}
		b, err := insert(ctx, "echidna two")
		if err != nil {
			return err
		}
		if _, err := insert(ctx, "echidna three"); err != nil {
			return err
		}
		if _, err := store.Q(ctx).ExecContext(ctx, `UPDATE notes SET note_title = 'platypus one' WHERE id = ?`, a); err != nil {
			return err
		}
		_, err = store.Q(ctx).ExecContext(ctx, `DELETE FROM notes WHERE id = ?`, b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := count("echidna"); got != 1 {
		t.Errorf("q=echidna after one transaction: %d rows, want 1 (three)", got)
	}
	if got := count("platypus one"); got != 1 {
		t.Errorf("q=platypus after one transaction: %d rows, want the changed row", got)
	}
	failed := errors.New("changed my mind")
	if err := store.InTx(ctx, func(ctx context.Context) error {
		if _, err := insert(ctx, "bilby"); err != nil {
			return err
		}
		return failed
	}); !errors.Is(err, failed) {
		t.Fatalf("failed transaction: %v", err)
	}
	if got := count("bilby"); got != 0 {
		t.Errorf("q=bilby after a failed transaction: %d rows", got)
	}
	check("after single transactions")

	// Rows indexed earlier change and go in later transactions.
	e.do(200, "PUT", base+"/"+ids[0], co.Token, map[string]any{"title": "dingo"})
	e.do(200, "DELETE", base+"/"+ids[4], co.Token, nil)
	if got := count("dingo"); got != 1 {
		t.Errorf("q=dingo: %d rows", got)
	}
	if got, want := count("quokka"), n/2-2; got != want {
		t.Errorf("q=quokka after a later update and delete: %d rows, want %d", got, want)
	}
	check("after later writes")
}

// TestSearchProbeIsKept: on SQLite the probe that picks a q's plan runs once
// for the same q asked again, and a kept answer that writes have made stale
// (a rare q become common, a common one rare) still finds exactly the
// matching rows.
func TestSearchProbeIsKept(t *testing.T) {
	e := newEnv(t)
	if e.Server.DB.Dialect.Name() != "sqlite" {
		t.Skip("the probe is SQLite's")
	}
	co := e.NewCompany()
	const base = "/api/v1/test-findable"
	defer crud.SetSearchProbe(3)()
	word := "kiwi" + strings.ToLower(testkit.Unique())
	add := func(n int) {
		for range n {
			e.do(201, "POST", base, co.Token, map[string]any{"title": word + " " + testkit.Unique(), "kind": "call"})
		}
	}
	count := func() int {
		t.Helper()
		return len(e.do(200, "GET", base+"?q="+url.QueryEscape(word)+"&page=1&limit=50", co.Token, nil).List())
	}
	add(1)
	before := crud.SearchProbes()
	if got := count(); got != 1 {
		t.Fatalf("q found %d rows, want 1", got)
	}
	if got := count(); got != 1 {
		t.Fatalf("q asked again found %d rows, want 1", got)
	}
	if n := crud.SearchProbes() - before; n != 1 {
		t.Fatalf("%d probes for the same q asked twice, want 1", n)
	}
	// Rare when probed, common now: the kept plan still finds every row.
	add(5)
	if got := count(); got != 6 {
		t.Fatalf("after 5 more rows (rare plan kept), q found %d rows, want 6", got)
	}
	// Common when probed (another q), rare now.
	word2 := word + "x"
	var second []string
	for range 4 {
		second = append(second, e.do(201, "POST", base, co.Token, map[string]any{"title": word2, "kind": "mail"}).ID())
	}
	count2 := func() int {
		return len(e.do(200, "GET", base+"?q="+url.QueryEscape(word2)+"&page=1&limit=50", co.Token, nil).List())
	}
	if got := count2(); got != 4 {
		t.Fatalf("common q found %d rows, want 4", got)
	}
	for _, id := range second[:3] {
		e.do(200, "DELETE", base+"/"+id, co.Token, nil)
	}
	if got := count2(); got != 1 {
		t.Fatalf("after deletes (common plan kept), q found %d rows, want 1", got)
	}
	if n := crud.SearchProbes() - before; n != 2 {
		t.Fatalf("%d probes for two q asked 6 times, want 2", n)
	}
}
