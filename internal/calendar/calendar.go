// Package calendar merges the dated records of a company into one calendar:
// HR events and meetings, task due dates, approved leave, task-calendar
// entries, project milestones and contract end dates.
//
// Each source is read with one range query over its own table, under the
// permission check and tenant scope of its declared resource
// (crud.Resource.ReadScope): a source the caller may not view is skipped,
// and no row of another company is ever read. GET /api/v1/calendar answers
// JSON; GET /api/v1/calendar.ics serves the same items as an RFC 5545 feed
// authenticated by a per-account feed token.
package calendar

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/hr"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/projects"
	"github.com/crmhrm/crm/internal/sales"
)

// MaxDays is the longest range one request may cover.
const MaxDays = 366

// Item types.
const (
	TypeEvent     = "event"
	TypeMeeting   = "meeting"
	TypeTask      = "task"  // a task's due date
	TypeLeave     = "leave" // an approved leave
	TypeTaskEntry = "taskcalendar"
	TypeMilestone = "milestone"
	TypeContract  = "contract" // a contract's end date
)

// Item is one calendar entry.
type Item struct {
	Type  string `json:"type"`
	Title string `json:"title"`
	// Start and End: for an all-day item calendar days (YYYY-MM-DD), End
	// exclusive (the day after the last); otherwise UTC instants.
	Start    string `json:"start"`
	End      string `json:"end"`
	AllDay   bool   `json:"allDay"`
	SourceID string `json:"sourceId"` // the id of the row it comes from (of the resource its type names)

	start, end time.Time // for sorting and iCalendar
}

// Range is a request's span: whole days in the company's time zone, To
// included.
type Range struct {
	From, To string // YYYY-MM-DD
	Loc      *time.Location
}

func (r Range) lo() time.Time { d, _ := time.ParseInLocation(day, r.From, r.Loc); return d }
func (r Range) hi() time.Time {
	d, _ := time.ParseInLocation(day, r.To, r.Loc)
	return d.AddDate(0, 0, 1)
}

const day = "2006-01-02"

// ParseRange reads from and to (YYYY-MM-DD, to inclusive, at most MaxDays
// days); errors name the parameter (422).
func ParseRange(v url.Values, loc *time.Location) (Range, error) {
	var errs httpapi.FieldErrors
	var f, t time.Time
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f}, {"to", &t}} {
		s := strings.TrimSpace(v.Get(p.name))
		if s == "" {
			errs.Add(p.name, `"`+p.name+`" is required (a date, YYYY-MM-DD)`)
			continue
		}
		d, err := time.Parse(day, s)
		if err != nil {
			errs.Add(p.name, `"`+p.name+`" must be a date (YYYY-MM-DD)`)
			continue
		}
		*p.dst = d
	}
	if err := errs.Err(); err != nil {
		return Range{}, err
	}
	if t.Before(f) {
		return Range{}, httpapi.Invalid("to", `"to" must not be before "from"`)
	}
	if n := int(t.Sub(f).Hours()/24) + 1; n > MaxDays {
		return Range{}, httpapi.Invalid("to", fmt.Sprintf(`"to" is too far after "from": a range covers at most %d days (this one %d)`, MaxDays, n))
	}
	return Range{From: f.Format(day), To: t.Format(day), Loc: loc}, nil
}

// Stats describe how a calendar was read.
type Stats struct {
	Queries int // SQL statements run, one per source read
	Skipped []string
}

type counting struct {
	q db.Querier
	n *int
}

func (c counting) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	*c.n++
	return c.q.QueryContext(ctx, q, args...)
}

// source is one table merged into the calendar.
type source struct {
	typ   string
	scope func(d *crud.Deps, r *http.Request) (string, []any, error)
	read  func(ctx context.Context, q counting, cond string, args []any, rg Range) ([]Item, error)
}

var sources = []source{
	{TypeEvent, hr.Events.ReadScope, readEvents},
	{TypeMeeting, hr.Meetings.ReadScope, readMeetings},
	{TypeTask, projects.Tasks.ReadScope, readTasks},
	{TypeLeave, hr.Leaves.ReadScope, readLeaves},
	{TypeTaskEntry, projects.TaskCalendars.ReadScope, readTaskEntries},
	{TypeMilestone, projects.Milestones.ReadScope, readMilestones},
	{TypeContract, sales.Contracts.ReadScope, readContracts},
}

// errNoCompany refuses callers without a company (a super-admin).
var errNoCompany = httpapi.Forbidden("The calendar belongs to a company; a super-admin has none")

// Collect reads the calendar of the caller (the principal in r's context)
// over rg, sorted by start, then type and source id.
func Collect(ctx context.Context, d *crud.Deps, r *http.Request, rg Range) ([]Item, Stats, error) {
	var st Stats
	p := auth.From(r.Context())
	if p == nil || p.CompanyID == "" {
		return nil, st, errNoCompany
	}
	q := counting{q: d.DB.Q(ctx), n: &st.Queries}
	var out []Item
	for _, s := range sources {
		cond, args, err := s.scope(d, r)
		var he *httpapi.Error
		if errors.As(err, &he) && he.Status == http.StatusForbidden {
			st.Skipped = append(st.Skipped, s.typ)
			continue
		}
		if err != nil {
			return nil, st, err
		}
		items, err := s.read(ctx, q, cond, args, rg)
		if err != nil {
			return nil, st, fmt.Errorf("calendar: %s: %w", s.typ, err)
		}
		out = append(out, items...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.start.Equal(b.start) {
			return a.start.Before(b.start)
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.SourceID < b.SourceID
	})
	return out, st, nil
}

// allDay makes an item over the days first..last (inclusive).
func allDay(typ, id, title, first, last string, rg Range) (Item, bool) {
	f, err1 := time.ParseInLocation(day, first, rg.Loc)
	l, err2 := time.ParseInLocation(day, last, rg.Loc)
	if err1 != nil || err2 != nil {
		return Item{}, false
	}
	if l.Before(f) {
		l = f
	}
	end := l.AddDate(0, 0, 1)
	if !f.Before(rg.hi()) || !end.After(rg.lo()) {
		return Item{}, false
	}
	return Item{Type: typ, Title: title, Start: f.Format(day), End: end.Format(day), AllDay: true, SourceID: id,
		start: f, end: end}, true
}

// timed makes an item from start to end, or an all-day one when the clock
// time cannot be read.
func timed(typ, id, title string, start, end time.Time, rg Range) (Item, bool) {
	if !end.After(start) {
		end = start
	}
	switch {
	case !start.Before(rg.hi()):
		return Item{}, false
	case end.After(start) && !end.After(rg.lo()):
		return Item{}, false
	case !end.After(start) && start.Before(rg.lo()):
		return Item{}, false
	}
	return Item{Type: typ, Title: title, Start: stamp(start), End: stamp(end), SourceID: id, start: start, end: end}, true
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// clock reads "HH:MM" or "HH:MM:SS" (also "9:30"), false otherwise.
func clock(s string) (h, m, sec int, ok bool) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, false
	}
	var v [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || (i == 0 && n > 23) || (i > 0 && n > 59) {
			return 0, 0, 0, false
		}
		v[i] = n
	}
	return v[0], v[1], v[2], true
}

// at is the instant of clock time s on calendar day d in loc.
func at(d string, s string, loc *time.Location) (time.Time, bool) {
	h, m, sec, ok := clock(s)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(day, d, loc)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(t.Year(), t.Month(), t.Day(), h, m, sec, 0, loc), true
}

// utcDay is the calendar day a date column stored as a UTC-midnight instant names.
func utcDay(ms int64) string { return time.UnixMilli(ms).UTC().Format(day) }

// dayBounds are the Unix-millisecond bounds [from, to+1) of the range's days
// as UTC-midnight instants, the form date columns of HR and sales rows hold.
func dayBounds(rg Range) (int64, int64) {
	f, _ := time.Parse(day, rg.From)
	t, _ := time.Parse(day, rg.To)
	return f.UnixMilli(), t.AddDate(0, 0, 1).UnixMilli()
}

func scanAll(rows *sql.Rows, err error, each func() error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(); err != nil {
			return err
		}
	}
	return rows.Err()
}

func readEvents(ctx context.Context, q counting, cond string, args []any, rg Range) ([]Item, error) {
	lo, hi := dayBounds(rg)
	var out []Item
	var id, title, tm string
	var date int64
	rows, err := q.QueryContext(ctx, `SELECT id, event_title, event_date, event_time FROM events WHERE `+cond+
		` AND event_date >= ? AND event_date < ?`, append(args, lo, hi)...)
	err = scanAll(rows, err, func() error {
		if err := rows.Scan(&id, &title, &date, &tm); err != nil {
			return err
		}
		d := utcDay(date)
		if start, ok := at(d, tm, rg.Loc); ok {
			if it, ok := timed(TypeEvent, id, title, start, start.Add(time.Hour), rg); ok {
				out = append(out, it)
			}
		} else if it, ok := allDay(TypeEvent, id, title, d, d, rg); ok {
			out = append(out, it)
		}
		return nil
	})
	return out, err
}

func readMeetings(ctx context.Context, q counting, cond string, args []any, rg Range) ([]Item, error) {
	lo, hi := dayBounds(rg)
	var out []Item
	var id, title, st, en string
	var date int64
	rows, err := q.QueryContext(ctx, `SELECT id, title, date, start_time, end_time FROM meetings WHERE `+cond+
		` AND date >= ? AND date < ? AND status <> ?`, append(args, lo, hi, hr.MeetingCancelled)...)
	err = scanAll(rows, err, func() error {
		if err := rows.Scan(&id, &title, &date, &st, &en); err != nil {
			return err
		}
		d := utcDay(date)
		start, ok := at(d, st, rg.Loc)
		if !ok {
			if it, ok := allDay(TypeMeeting, id, title, d, d, rg); ok {
				out = append(out, it)
			}
			return nil
		}
		end, ok := at(d, en, rg.Loc)
		if !ok {
			end = start.Add(time.Hour)
		}
		if it, ok := timed(TypeMeeting, id, title, start, end, rg); ok {
			out = append(out, it)
		}
		return nil
	})
	return out, err
}

func readTasks(ctx context.Context, q counting, cond string, args []any, rg Range) ([]Item, error) {
	var out []Item
	var id, name, due string
	rows, err := q.QueryContext(ctx, `SELECT id, task_name, due_date FROM tasks WHERE `+cond+` AND due_date >= ? AND due_date <= ?`,
		append(args, rg.From, rg.To)...)
	err = scanAll(rows, err, func() error {
		if err := rows.Scan(&id, &name, &due); err != nil {
			return err
		}
		if it, ok := allDay(TypeTask, id, "Due: "+name, due, due, rg); ok {
			out = append(out, it)
		}
		return nil
	})
	return out, err
}

func readLeaves(ctx context.Context, q counting, cond string, args []any, rg Range) ([]Item, error) {
	lo, hi := dayBounds(rg)
	var out []Item
	var id, typ string
	var who *string
	var start, end int64
	rows, err := q.QueryContext(ctx, `SELECT id, leave_type, start_date, end_date,
		(SELECT username FROM principals WHERE principals.id = leaves.employee_id) FROM leaves WHERE `+cond+
		` AND status = ? AND start_date < ? AND end_date >= ?`, append(args, hr.LeaveApproved, hi, lo)...)
	err = scanAll(rows, err, func() error {
		if err := rows.Scan(&id, &typ, &start, &end, &who); err != nil {
			return err
		}
		title := "Leave (" + typ + ")"
		if who != nil {
			title = "Leave: " + *who + " (" + typ + ")"
		}
		if it, ok := allDay(TypeLeave, id, title, utcDay(start), utcDay(end), rg); ok {
			out = append(out, it)
		}
		return nil
	})
	return out, err
}

func readTaskEntries(ctx context.Context, q counting, cond string, args []any, rg Range) ([]Item, error) {
	var out []Item
	var id, name, d, tm string
	rows, err := q.QueryContext(ctx, `SELECT id, task_name, task_date, task_time FROM taskcalendars WHERE `+cond+
		` AND task_date >= ? AND task_date <= ?`, append(args, rg.From, rg.To)...)
	err = scanAll(rows, err, func() error {
		if err := rows.Scan(&id, &name, &d, &tm); err != nil {
			return err
		}
		if start, ok := at(d, tm, rg.Loc); ok {
			if it, ok := timed(TypeTaskEntry, id, name, start, start.Add(30*time.Minute), rg); ok {
				out = append(out, it)
			}
		} else if it, ok := allDay(TypeTaskEntry, id, name, d, d, rg); ok {
			out = append(out, it)
		}
		return nil
	})
	return out, err
}

func readMilestones(ctx context.Context, q counting, cond string, args []any, rg Range) ([]Item, error) {
	var out []Item
	var id string
	var title, first, last *string
	rows, err := q.QueryContext(ctx, `SELECT id, milestone_title, milestone_start_date, milestone_end_date FROM milestones WHERE `+cond+
		` AND COALESCE(milestone_start_date, milestone_end_date) <= ? AND COALESCE(milestone_end_date, milestone_start_date) >= ?`,
		append(args, rg.To, rg.From)...)
	err = scanAll(rows, err, func() error {
		if err := rows.Scan(&id, &title, &first, &last); err != nil {
			return err
		}
		if first == nil {
			first = last
		}
		if last == nil {
			last = first
		}
		if first == nil {
			return nil
		}
		name := "Milestone"
		if title != nil && *title != "" {
			name = "Milestone: " + *title
		}
		if it, ok := allDay(TypeMilestone, id, name, *first, *last, rg); ok {
			out = append(out, it)
		}
		return nil
	})
	return out, err
}

func readContracts(ctx context.Context, q counting, cond string, args []any, rg Range) ([]Item, error) {
	lo, hi := dayBounds(rg)
	var out []Item
	var id, subject string
	var end int64
	rows, err := q.QueryContext(ctx, `SELECT id, subject, end_date FROM contracts WHERE `+cond+` AND end_date >= ? AND end_date < ?`,
		append(args, lo, hi)...)
	err = scanAll(rows, err, func() error {
		if err := rows.Scan(&id, &subject, &end); err != nil {
			return err
		}
		d := utcDay(end)
		if it, ok := allDay(TypeContract, id, "Contract ends: "+subject, d, d, rg); ok {
			out = append(out, it)
		}
		return nil
	})
	return out, err
}
