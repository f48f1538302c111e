package calendar_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/crmhrm/crm/internal/calendar"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

const api = "/api/v1"

func TestMain(m *testing.M) { testkit.Main(m) }

// fixture is one company's dated records in March 2025 (and a few outside).
type fixture struct {
	co                                                 *testkit.Company
	event, meeting, task, leave, entry, mile, contract string
	emp                                                string
}

func seed(t *testing.T, e *testkit.Env, co *testkit.Company) fixture {
	t.Helper()
	f := fixture{co: co}
	f.event = e.Must(201, "POST", api+"/events", co.Token, map[string]any{"EventTitle": "Annual day", "EventManager": "Priya",
		"EventDate": "2025-03-05", "EventTime": "18:00"}).ID()
	e.Must(201, "POST", api+"/events", co.Token, map[string]any{"EventTitle": "April fair", "EventManager": "Priya",
		"EventDate": "2025-04-02", "EventTime": "18:00"})
	f.meeting = e.Must(201, "POST", api+"/meetings", co.Token, map[string]any{"title": "Sprint review", "description": "Demo",
		"date": "2025-03-06", "startTime": "10:00", "endTime": "11:30"}).ID()
	e.Must(201, "POST", api+"/meetings", co.Token, map[string]any{"title": "Cancelled sync", "description": "x",
		"date": "2025-03-07", "startTime": "10:00", "status": "cancelled"})
	project := e.Must(201, "POST", api+"/projects", co.Token, map[string]any{"project_name": "P " + testkit.Unique(),
		"project_category": "Fit-out", "startDate": "2025-01-01", "endDate": "2025-06-30", "budget": "100",
		"estimatedmonths": 6, "estimatedhours": 900}).ID()
	f.task = e.Must(201, "POST", api+"/tasks/"+project, co.Token, map[string]any{"taskName": "Order desks", "category": "Build",
		"project": "HQ", "startDate": "2025-03-01", "dueDate": "2025-03-10", "status": "todo", "priority": "high"}).ID()
	f.emp = e.NewEmployee(co)
	f.leave = e.Must(201, "POST", api+"/leaves", co.Token, map[string]any{"employeeId": f.emp, "startDate": "2025-03-12",
		"endDate": "2025-03-13", "leaveType": "annual", "reason": "Trip"}).ID()
	e.Must(200, "PUT", api+"/leaves/"+f.leave, co.Token, map[string]any{"status": "approved"})
	e.Must(201, "POST", api+"/leaves", co.Token, map[string]any{"employeeId": f.emp, "startDate": "2025-03-20",
		"endDate": "2025-03-20", "leaveType": "sick", "reason": "Pending"}) // pending: not shown
	f.entry = e.Must(201, "POST", api+"/taskcalendars", co.Token, map[string]any{"taskName": "Call supplier", "taskDate": "2025-03-14",
		"taskTime": "09:30", "taskDescription": "Delivery date"}).ID()
	f.mile = e.Must(201, "POST", api+"/milestones/"+project, co.Token, map[string]any{"milestone_title": "Design",
		"milestone_start_date": "2025-02-20", "milestone_end_date": "2025-03-03"}).ID()
	cust := e.Must(201, "POST", api+"/customers", co.Token, map[string]any{"name": "Initech " + testkit.Unique(), "contact": "9876543210",
		"email": "ap" + testkit.Unique() + "@initech.example"}).ID()
	f.contract = e.Must(201, "POST", api+"/contracts", co.Token, map[string]any{"subject": "Support " + testkit.Unique(), "client": cust,
		"type": "Annual", "value": 100, "startDate": "2024-04-01", "endDate": "2025-03-31"}).ID()
	return f
}

func items(t *testing.T, e *testkit.Env, token, query string) []map[string]any {
	t.Helper()
	r := e.Must(200, "GET", api+"/calendar?"+query, token, nil)
	list, ok := r.Body["data"].([]any)
	if !ok {
		t.Fatalf("data is not an array: %s", r.Raw)
	}
	var out []map[string]any
	for _, x := range list {
		out = append(out, x.(map[string]any))
	}
	return out
}

func TestCalendarMergesEverySource(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	f := seed(t, e, co)
	seed(t, e, e.NewCompany()) // another company's calendar stays out

	got := items(t, e, co.Token, "from=2025-03-01&to=2025-03-31")
	type row struct {
		typ, title, start, end string
		allDay                 bool
		id                     string
	}
	want := []row{
		{"milestone", "Milestone: Design", "2025-02-20", "2025-03-04", true, f.mile},
		{"event", "Annual day", "2025-03-05T18:00:00.000Z", "2025-03-05T19:00:00.000Z", false, f.event},
		{"meeting", "Sprint review", "2025-03-06T10:00:00.000Z", "2025-03-06T11:30:00.000Z", false, f.meeting},
		{"task", "Due: Order desks", "2025-03-10", "2025-03-11", true, f.task},
		{"leave", "", "2025-03-12", "2025-03-14", true, f.leave},
		{"taskcalendar", "Call supplier", "2025-03-14T09:30:00.000Z", "2025-03-14T10:00:00.000Z", false, f.entry},
		{"contract", "", "2025-03-31", "2025-04-01", true, f.contract},
	}
	if len(got) != len(want) {
		t.Fatalf("calendar has %d items, want %d: %v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g["type"] != w.typ || g["start"] != w.start || g["end"] != w.end || g["allDay"] != w.allDay || g["sourceId"] != w.id {
			t.Errorf("item %d = %v, want %+v", i, g, w)
		}
		if w.title != "" && g["title"] != w.title {
			t.Errorf("item %d title %v, want %q", i, g["title"], w.title)
		}
	}
	if title, _ := got[4]["title"].(string); !strings.HasPrefix(title, "Leave: ") || !strings.HasSuffix(title, "(annual)") {
		t.Errorf("leave title %q", title)
	}
	if title, _ := got[6]["title"].(string); !strings.HasPrefix(title, "Contract ends: Support ") {
		t.Errorf("contract title %q", title)
	}
	// A narrower range keeps only what overlaps it.
	if got := items(t, e, co.Token, "from=2025-03-13&to=2025-03-13"); len(got) != 1 || got[0]["sourceId"] != f.leave {
		t.Fatalf("13 March: %v", got)
	}
}

func TestCalendarFollowsPermissions(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	f := seed(t, e, co)
	events := e.NewMember(co, authz.Grant([]string{authz.View}, authz.Perm{Module: "hrm", Entity: "events"}))
	got := items(t, e, events.Token, "from=2025-03-01&to=2025-03-31")
	if len(got) != 1 || got[0]["sourceId"] != f.event {
		t.Fatalf("a member who may view events only sees %v", got)
	}
	creator := e.NewMember(co, authz.Grant([]string{authz.Create}, authz.Perm{Module: "hrm", Entity: "events"}))
	if got := items(t, e, creator.Token, "from=2025-03-01&to=2025-03-31"); len(got) != 0 {
		t.Fatalf("a member without view permissions sees %v", got)
	}
	tasks := e.NewMember(co, authz.Grant([]string{authz.View}, authz.Perm{Module: "crm", Entity: "task"}))
	got = items(t, e, tasks.Token, "from=2025-03-01&to=2025-03-31")
	if len(got) != 2 || got[0]["type"] != "milestone" || got[1]["type"] != "task" {
		t.Fatalf("crm.task grants tasks and milestones: %v", got)
	}
	if r := e.Do("GET", api+"/calendar?from=2025-03-01&to=2025-03-31", e.SuperAdmin(), nil); r.Status != 403 {
		t.Fatalf("super-admin: %d", r.Status)
	}
}

func TestCalendarInCompanyTimeZone(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	e.Must(200, "PUT", api+"/company-settings", co.Token, map[string]any{"time_zone": "Asia/Kolkata"})
	id := e.Must(201, "POST", api+"/meetings", co.Token, map[string]any{"title": "Stand-up", "description": "x",
		"date": "2025-03-06", "startTime": "10:00", "endTime": "10:15"}).ID()
	got := items(t, e, co.Token, "from=2025-03-06&to=2025-03-06")
	if len(got) != 1 || got[0]["sourceId"] != id || got[0]["start"] != "2025-03-06T04:30:00.000Z" || got[0]["end"] != "2025-03-06T04:45:00.000Z" {
		t.Fatalf("10:00 in Kolkata: %v", got)
	}
}

func TestCalendarRangeBadInput(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	for _, c := range []struct{ query, field, says string }{
		{"to=2025-03-31", "from", "required"},
		{"from=2025-03-01", "to", "required"},
		{"from=March&to=2025-03-31", "from", "YYYY-MM-DD"},
		{"from=2025-03-01&to=2025-02-28", "to", "before"},
		{"from=2020-01-01&to=2029-12-31", "to", "366"},
		{"from=2025-01-01&to=2026-01-02", "to", "366"},
	} {
		r := e.Do("GET", api+"/calendar?"+c.query, co.Token, nil)
		if r.Status != 422 || r.Body["success"] != false || !strings.Contains(r.Message(), c.says) {
			t.Errorf("%s: %d %s", c.query, r.Status, r.Raw)
			continue
		}
		if fe := r.FieldErrors(); len(fe) == 0 || fe[0] != c.field {
			t.Errorf("%s: errors name %v, want %s", c.query, fe, c.field)
		}
	}
	e.Must(200, "GET", api+"/calendar?from=2025-01-01&to=2026-01-01", co.Token, nil) // 366 days
	e.Must(401, "GET", api+"/calendar?from=2025-01-01&to=2025-01-02", "", nil)
}

func TestCalendarFeed(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	f := seed(t, e, co)
	long := "Quarterly review; budget, hiring\nand the new office in Zürich — " + strings.TrimSpace(strings.Repeat("étape ", 20))
	longID := e.Must(201, "POST", api+"/events", co.Token, map[string]any{"EventTitle": long, "EventManager": "Priya",
		"EventDate": "2025-03-20", "EventTime": "late"}).ID()
	m := e.NewMember(co, authz.Grant([]string{authz.View}, authz.Perm{Module: "hrm", Entity: "events"}))

	if r := e.Do("DELETE", api+"/calendar/feed-token", m.Token, nil); r.Status != 404 {
		t.Fatalf("revoke without a token: %d", r.Status)
	}
	created := e.Must(201, "POST", api+"/calendar/feed-token", m.Token, nil).Data()
	tok, _ := created["token"].(string)
	if tok == "" || created["url"] != "/api/v1/calendar.ics?ticket="+tok {
		t.Fatalf("feed token answer %v", created)
	}
	// Stored hashed.
	ctx := context.Background()
	sum := sha256.Sum256([]byte(tok))
	var n int
	if err := e.DB.Q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM calendar_feed_tokens WHERE token_hash = ? AND principal_id = ?`,
		hex.EncodeToString(sum[:]), m.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("token hash row: %d %v", n, err)
	}

	fetch := func(tok, query string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", api+"/calendar.ics?ticket="+tok+query, nil)
		rec := httptest.NewRecorder()
		e.Server.Handler.ServeHTTP(rec, req)
		return rec
	}
	rec := fetch(tok, "&from=2025-03-01&to=2025-03-31")
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed: %d %s %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes())
	}
	raw := rec.Body.Bytes()
	checkLines(t, raw)
	cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
	if err != nil {
		t.Fatalf("the feed does not parse as iCalendar: %v\n%s", err, raw)
	}
	evs := cal.Events()
	if len(evs) != 2 {
		t.Fatalf("feed has %d events, want the member's 2 (events only)", len(evs))
	}
	byUID := map[string]ical.Event{}
	for _, ev := range evs {
		uid, _ := ev.Props.Text(ical.PropUID)
		byUID[uid] = ev
		if ev.Props.Get(ical.PropDateTimeStamp) == nil {
			t.Errorf("event %s has no DTSTAMP", uid)
		}
	}
	timed, ok := byUID["event-"+f.event+"@crm"]
	if !ok {
		t.Fatalf("no event %s in %v", f.event, byUID)
	}
	if start, err := timed.DateTimeStart(time.UTC); err != nil || !start.Equal(time.Date(2025, 3, 5, 18, 0, 0, 0, time.UTC)) {
		t.Errorf("timed DTSTART %v %v", start, err)
	}
	whole, ok := byUID["event-"+longID+"@crm"]
	if !ok {
		t.Fatalf("no event %s", longID)
	}
	if p := whole.Props.Get(ical.PropDateTimeStart); p == nil || p.ValueType() != ical.ValueDate || p.Value != "20250320" {
		t.Errorf("all-day DTSTART %+v", p)
	}
	if p := whole.Props.Get(ical.PropDateTimeEnd); p == nil || p.Value != "20250321" {
		t.Errorf("all-day DTEND %+v", p)
	}
	if s, err := whole.Props.Text(ical.PropSummary); err != nil || s != long {
		t.Errorf("summary round trip:\n got %q (%v)\nwant %q", s, err, long)
	}
	// Without a range the feed covers the default window (it answers).
	if rec := fetch(tok, ""); rec.Code != 200 {
		t.Fatalf("default window: %d", rec.Code)
	}
	// Unknown, revoked, or predating a password change: 401.
	if rec := fetch("nope", ""); rec.Code != 401 {
		t.Fatalf("unknown ticket: %d", rec.Code)
	}
	if rec := fetch("", ""); rec.Code != 401 {
		t.Fatalf("no ticket: %d", rec.Code)
	}
	e.Must(200, "DELETE", api+"/calendar/feed-token", m.Token, nil)
	if rec := fetch(tok, ""); rec.Code != 401 {
		t.Fatalf("revoked ticket: %d", rec.Code)
	}
	tok2 := e.Must(201, "POST", api+"/calendar/feed-token", m.Token, nil).Data()["token"].(string)
	tok3 := e.Must(201, "POST", api+"/calendar/feed-token", m.Token, nil).Data()["token"].(string)
	if rec := fetch(tok2, ""); rec.Code != 401 {
		t.Fatalf("a replaced ticket: %d", rec.Code)
	}
	if rec := fetch(tok3, ""); rec.Code != 200 {
		t.Fatalf("the newest ticket: %d", rec.Code)
	}
	e.Must(200, "PUT", api+"/auth/me/password", m.Token, map[string]any{"current_password": testkit.Password, "new_password": "Amber-Lantern-River-58"})
	if rec := fetch(tok3, ""); rec.Code != 401 {
		t.Fatalf("ticket after a password change: %d", rec.Code)
	}
}

// checkLines: CRLF line ends only, no line over 75 octets, continuation
// lines start with a space and never split a UTF-8 sequence.
func checkLines(t *testing.T, raw []byte) {
	t.Helper()
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		t.Fatal("the feed does not end with CRLF")
	}
	lines := bytes.Split(raw[:len(raw)-2], []byte("\r\n"))
	folded := 0
	for i, l := range lines {
		if bytes.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d holds a bare CR or LF: %q", i, l)
		}
		if len(l) > 75 {
			t.Fatalf("line %d is %d octets: %q", i, len(l), l)
		}
		if len(l) > 0 && l[0] == ' ' {
			folded++
		}
		if !utf8Valid(l) {
			t.Fatalf("line %d splits a UTF-8 sequence: %q", i, l)
		}
	}
	if folded == 0 {
		t.Fatal("no line was folded, though a summary is longer than 75 octets")
	}
}

func utf8Valid(b []byte) bool { return strings.ToValidUTF8(string(b), "\x00") == string(b) }

func TestICSEscapingAndFolding(t *testing.T) {
	items := []calendar.Item{{Type: "event", Title: `a\b;c,d` + "\ne", Start: "2025-03-01", End: "2025-03-02", AllDay: true, SourceID: "x1"}}
	raw := calendar.WriteICS(items, "Cal", time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	if !bytes.Contains(raw, []byte("SUMMARY:a\\\\b\\;c\\,d\\ne\r\n")) || !bytes.Contains(raw, []byte("DTSTAMP:20250102T030405Z\r\n")) {
		t.Fatalf("escaping:\n%s", raw)
	}
	// 200 three-byte characters fold at character boundaries.
	raw = calendar.WriteICS([]calendar.Item{{Type: "event", Title: strings.Repeat("€", 200), Start: "2025-03-01", End: "2025-03-02",
		AllDay: true, SourceID: "x2"}}, "Cal", time.Now())
	checkLines(t, raw)
	cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := cal.Events()[0].Props.Text(ical.PropSummary); s != strings.Repeat("€", 200) {
		t.Fatalf("folded summary decodes to %q", s)
	}
}

// TestCalendarMonthOfTenThousandItemsIsOneQueryPerSource: 10,000 items in
// one month are read with one query per source, whatever their number.
func TestCalendarMonthOfTenThousandItemsIsOneQueryPerSource(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	bulk(t, e, co.ID, 10000)
	got, st := collect(t, e, co, "2025-05-01", "2025-05-31")
	if len(got) != 10000 {
		t.Fatalf("collected %d items, want 10000", len(got))
	}
	if st.Queries != 7 || len(st.Skipped) != 0 {
		t.Fatalf("%d queries (skipped %v), want 7: one per source", st.Queries, st.Skipped)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Start < got[i-1].Start && got[i].AllDay == got[i-1].AllDay {
			t.Fatalf("not sorted at %d: %s after %s", i, got[i].Start, got[i-1].Start)
		}
	}
}

// bulk inserts n events and task-calendar entries spread over May 2025.
func bulk(t testing.TB, e *testkit.Env, company string, n int) {
	t.Helper()
	ctx := context.Background()
	err := e.DB.InTx(ctx, func(ctx context.Context) error {
		q := e.DB.Q(ctx)
		now := int64(db.Stamp())
		for i := 0; i < n; i++ {
			d := time.Date(2025, 5, 1+i%31, 0, 0, 0, 0, time.UTC)
			var err error
			if i%2 == 0 {
				_, err = q.ExecContext(ctx, `INSERT INTO events (id, company_id, created_by, updated_by, created_at, updated_at, event_title,
					event_manager, event_date, event_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, db.NewID(), company, "seed", "seed", now, now,
					fmt.Sprintf("Event %d", i), "Priya", d.UnixMilli(), fmt.Sprintf("%02d:%02d", i%24, i%60))
			} else {
				_, err = q.ExecContext(ctx, `INSERT INTO taskcalendars (id, company_id, created_by, updated_by, created_at, updated_at, task_name,
					task_date, task_time, task_description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, db.NewID(), company, "seed", "seed", now, now,
					fmt.Sprintf("Entry %d", i), d.Format("2006-01-02"), "all day", "x")
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func collect(t testing.TB, e *testkit.Env, co *testkit.Company, from, to string) ([]calendar.Item, calendar.Stats) {
	t.Helper()
	ctx := context.Background()
	p, err := e.Server.Deps.Auth.Load(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/api/v1/calendar", nil).WithContext(auth.With(ctx, p))
	rg, err := calendar.ParseRange(map[string][]string{"from": {from}, "to": {to}}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	items, st, err := calendar.Collect(req.Context(), e.Server.Deps, req, rg)
	if err != nil {
		t.Fatal(err)
	}
	return items, st
}

// BenchmarkCalendarMonth reads a month of 10,000 items.
func BenchmarkCalendarMonth(b *testing.B) {
	e := testkit.New(b)
	co := e.NewCompany()
	bulk(b, e, co.ID, 10000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		collect(b, e, co, "2025-05-01", "2025-05-31")
	}
}
