package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/crmhrm/crm/internal/hr"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// BenchmarkLimit puts each scenario of cmd/crmload next to its limit: the
// same SQL sent with plain database/sql (statements prepared once) and the
// same answer bytes written by a hand-written encoder for the jobs row, with
// no HTTP stack, no authentication and no engine. Both run at the same
// concurrency (limitParallelism goroutines per CPU) on the package's test
// database (TEST_DB). service ÷ limit is the engine's overhead over the
// database's own work:
//
//	go test -run '^$' -bench 'Limit' -benchtime=2s ./internal/app/
//
// Each sub-benchmark first checks that the limit writes the bytes the service
// answers (the opaque cursor of a page aside, which only has the same length).
func BenchmarkLimit(b *testing.B) {
	e := testkit.New(b)
	small := companyWithJobs(b, e, 1000)
	big := companyWithJobs(b, e, 100_000)
	h := e.Server.Handler
	store := e.DB
	d := store.Dialect
	meta := hr.Jobs.Describe()

	var ids []string
	for _, row := range e.Must(200, "GET", "/api/v1/jobs?limit=100&total=false", small.Token, nil).List() {
		ids = append(ids, row["id"].(string))
	}
	for _, sc := range []struct {
		name, query string
		co          *testkit.Company
		total       bool
	}{
		{"list_unpaged", "", small, false},
		{"first_page", "page=1&limit=50", big, true},
		{"sort_text", "page=1&limit=50&sort=title", big, true},
		{"filter", "location=Pune&page=1&limit=50", big, true},
	} {
		v, _ := url.ParseQuery(sc.query)
		q, args, err := meta.ListSQL(store, sc.co.ID, v)
		if err != nil {
			b.Fatal(err)
		}
		path := "/api/v1/jobs"
		if sc.query != "" {
			path += "?" + sc.query
		}
		lim := &listLimit{store: store, q: d.Rebind(q), args: args, companyID: sc.co.ID, total: sc.total}
		if sc.total {
			lim.count = d.Rebind("SELECT COUNT(*) FROM jobs WHERE company_id = ?")
			if v.Get("location") != "" {
				lim.count = d.Rebind("SELECT COUNT(*) FROM jobs WHERE company_id = ? AND location = ?")
				lim.countArgs = []any{v.Get("location")}
			}
			lim.limit, _ = strconv.Atoi(v.Get("limit"))
		}
		pair(b, sc.name, h, "GET", path, sc.co.Token, nil, lim.prepare(b), lim.run)
	}

	getQ := d.Rebind(meta.SelectSQL() + " WHERE id = ? AND company_id = ?")
	var seq atomic.Int64
	getLim := func(st *sql.Stmt) func(w *bytes.Buffer) error {
		return func(w *bytes.Buffer) error {
			id := ids[int(seq.Add(1))%len(ids)]
			var j jobRow
			if err := st.QueryRow(id, small.ID).Scan(j.dest()...); err != nil {
				return err
			}
			w.Write(appendEnvelope(nil, "Job fetched successfully", &j, nil))
			return nil
		}
	}
	getStmt := prepare(b, store.Read, getQ)
	pairRotating(b, "get_by_id", h, small.Token, ids, getLim(getStmt))

	ins := prepare(b, store.Write, d.Rebind(meta.InsertSQL()))
	act := prepare(b, store.Write, d.Rebind(`INSERT INTO activities (id, company_id, related_id, activity_from, activity_id, action, performed_by, activity_message, created_by, updated_by, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`))
	// Creates go to a company of their own: the listed companies keep their rows.
	writer := e.NewCompany()
	body, _ := json.Marshal(jobBody)
	createLim := func(w *bytes.Buffer, body []byte) error {
		var in struct {
			Title, Category, Location, Status, Recruiter, Currency string
			Skills, InterviewRounds                                json.RawMessage
			StartDate, EndDate                                     string
			TotalOpenings                                          *int64
			JobType, WorkExperience, Description                   *string
			ExpectedSalary                                         string
		}
		if err := json.Unmarshal(body, &in); err != nil {
			return err
		}
		start, _ := time.Parse("2006-01-02", in.StartDate)
		end, _ := time.Parse("2006-01-02", in.EndDate)
		now := db.Stamp()
		by := writer.Username
		j := jobRow{ID: db.NewID(), CompanyID: writer.ID, CreatedBy: nullStr(&by), UpdatedBy: nullStr(&by), CreatedAt: int64(now), UpdatedAt: int64(now),
			Title: in.Title, Category: in.Category, Skills: in.Skills, Location: in.Location, InterviewRounds: in.InterviewRounds,
			StartDate: start.UnixMilli(), EndDate: end.UnixMilli(), Status: in.Status,
			Recruiter: in.Recruiter, JobType: nullStr(in.JobType), WorkExperience: nullStr(in.WorkExperience), Currency: in.Currency,
			ExpectedSalary: in.ExpectedSalary, Description: nullStr(in.Description)}
		if in.TotalOpenings != nil {
			j.TotalOpenings = sql.NullInt64{Int64: *in.TotalOpenings, Valid: true}
		}
		tx, err := store.Write.BeginTx(context.Background(), nil)
		if err != nil {
			return err
		}
		defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
		if _, err := tx.Stmt(ins).Exec(j.args()...); err != nil {
			return err
		}
		if _, err := tx.Stmt(act).Exec(db.NewID(), j.CompanyID, j.ID, "job", j.ID, "created", by,
			"Job "+j.Title+" created successfully", by, by, int64(now), int64(now)); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		w.Write(appendEnvelope(nil, "Job created successfully", &j, nil))
		return nil
	}
	pairCreate(b, h, writer.Token, body, createLim)
}

// limitParallelism is the goroutines per CPU of both sides of each pair.
const limitParallelism = 4

var jobBody = map[string]any{"title": "Backend engineer", "category": "Engineering",
	"skills": map[string]any{"Skills": []string{"Go", "SQL"}}, "location": "Pune",
	"interviewRounds": map[string]any{"InterviewRounds": []string{"Screening", "Technical", "HR"}},
	"startDate":       "2025-02-01", "endDate": "2025-03-31", "totalOpenings": 2, "status": "Open", "recruiter": "Asha",
	"jobType": "Full time", "workExperience": "3+ years", "currency": "INR", "expectedSalary": "1800000",
	"description": "Builds the REST backend & more"}

func prepare(b *testing.B, p *sql.DB, q string) *sql.Stmt {
	st, err := p.Prepare(q)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	return st
}

// pair runs the service and the limit of one scenario, after checking that
// they answer the same bytes.
func pair(b *testing.B, name string, h http.Handler, method, path, token string, body []byte, check func(*testing.B), limit func(*bytes.Buffer) error) {
	check(b)
	want := recorded(b, h, method, path, token, body)
	var got bytes.Buffer
	if err := limit(&got); err != nil {
		b.Fatal(err)
	}
	if !sameAnswer(want, got.Bytes()) {
		b.Fatalf("%s: the limit writes other bytes than the service:\nservice %.600s\nlimit   %.600s", name, want, got.Bytes())
	}
	b.Run(name+"/service", func(b *testing.B) {
		b.SetParallelism(limitParallelism)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				serve(b, h, method, path, token, body)
			}
		})
	})
	b.Run(name+"/limit", func(b *testing.B) {
		b.SetParallelism(limitParallelism)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			var w bytes.Buffer
			for pb.Next() {
				w.Reset()
				if err := limit(&w); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

func pairRotating(b *testing.B, name string, h http.Handler, token string, ids []string, limit func(*bytes.Buffer) error) {
	var n atomic.Int64
	want := recorded(b, h, "GET", "/api/v1/jobs/"+ids[1], token, nil)
	var got bytes.Buffer
	if err := limit(&got); err != nil { // the limit's first id is ids[1]
		b.Fatal(err)
	}
	if !sameAnswer(want, got.Bytes()) {
		b.Fatalf("%s: the limit writes other bytes than the service:\nservice %s\nlimit   %s", name, want, got.Bytes())
	}
	b.Run(name+"/service", func(b *testing.B) {
		b.SetParallelism(limitParallelism)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				serve(b, h, "GET", "/api/v1/jobs/"+ids[int(n.Add(1))%len(ids)], token, nil)
			}
		})
	})
	b.Run(name+"/limit", func(b *testing.B) {
		b.SetParallelism(limitParallelism)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			var w bytes.Buffer
			for pb.Next() {
				w.Reset()
				if err := limit(&w); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

func pairCreate(b *testing.B, h http.Handler, token string, body []byte, limit func(*bytes.Buffer, []byte) error) {
	want := recorded(b, h, "POST", "/api/v1/jobs", token, body)
	var got bytes.Buffer
	if err := limit(&got, body); err != nil {
		b.Fatal(err)
	}
	if !sameShape(want, got.Bytes()) {
		b.Fatalf("create: the limit writes another answer than the service:\nservice %s\nlimit   %s", want, got.Bytes())
	}
	b.Run("create/service", func(b *testing.B) {
		b.SetParallelism(limitParallelism)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				serve(b, h, "POST", "/api/v1/jobs", token, body)
			}
		})
	})
	b.Run("create/limit", func(b *testing.B) {
		b.SetParallelism(limitParallelism)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			var w bytes.Buffer
			for pb.Next() {
				w.Reset()
				if err := limit(&w, body); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

func recorded(b *testing.B, h http.Handler, method, path, token string, body []byte) []byte {
	var rd *bytes.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	var req *http.Request
	if rd != nil {
		req = httptest.NewRequest(method, path, rd)
		req.Header.Set("Content-Type", "application/json")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code/100 != 2 {
		b.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body.String())
	}
	return bytes.TrimSuffix(rec.Body.Bytes(), []byte("\n"))
}

// sameAnswer compares two answers, the value of "next" (an opaque cursor)
// aside.
func sameAnswer(a, b []byte) bool {
	return bytes.Equal(maskNext(a), maskNext(b))
}

func maskNext(p []byte) []byte {
	i := bytes.Index(p, []byte(`"next":"`))
	if i < 0 {
		return p
	}
	j := bytes.IndexByte(p[i+8:], '"')
	return append(append(append([]byte{}, p[:i+8]...), '*'), p[i+8+j:]...)
}

// sameShape compares two create answers with the new row's id and instants
// (which differ from one create to the next) blanked.
func sameShape(a, b []byte) bool {
	var x, y map[string]any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	for _, m := range []map[string]any{x, y} {
		if d, ok := m["data"].(map[string]any); ok {
			d["id"], d["createdAt"], d["updatedAt"] = "", "", ""
		}
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}

// listLimit is a list scenario done by hand.
type listLimit struct {
	store      *db.DB
	q, count   string
	args       []any
	countArgs  []any
	companyID  string
	total      bool
	limit      int
	rows, cnt  *sql.Stmt
	fakeCursor string
}

func (l *listLimit) prepare(b *testing.B) func(*testing.B) {
	return func(b *testing.B) {
		l.rows = prepare(b, l.store.Read, l.q)
		if l.total {
			l.cnt = prepare(b, l.store.Read, l.count)
		}
		l.fakeCursor = strings.Repeat("c", 120)
	}
}

func (l *listLimit) run(w *bytes.Buffer) error {
	buf := make([]byte, 0, 64<<10)
	buf = append(buf, `{"success":true,"message":"Jobs fetched successfully","data":[`...)
	var total int64
	if l.total { // counted first, as the service does: one connection at a time
		if err := l.cnt.QueryRow(append([]any{l.companyID}, l.countArgs...)...).Scan(&total); err != nil {
			return err
		}
	}
	rows, err := l.rows.Query(l.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var j jobRow
	dest := j.dest()
	n, max := 0, l.args[len(l.args)-2].(int)-1
	more := false
	for rows.Next() {
		if n == max {
			more = true
			break
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if n > 0 {
			buf = append(buf, ',')
		}
		buf = j.appendJSON(buf)
		n++
		if len(buf) >= 32<<10 {
			w.Write(buf)
			buf = buf[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	buf = append(buf, ']')
	if l.total {
		buf = append(buf, `,"pagination":{"page":1,"limit":`...)
		buf = strconv.AppendInt(buf, int64(l.limit), 10)
		buf = strconv.AppendInt(append(buf, `,"total":`...), total, 10)
		buf = strconv.AppendInt(append(buf, `,"pages":`...), (total+int64(l.limit)-1)/int64(l.limit), 10)
		if more {
			buf = append(append(append(buf, `,"next":"`...), l.fakeCursor...), '"')
		}
		buf = append(buf, '}')
	}
	buf = append(buf, '}')
	w.Write(buf)
	return nil
}

// jobRow is a jobs row scanned with plain database/sql types.
type jobRow struct {
	ID, CompanyID            string
	CreatedBy, UpdatedBy     sql.NullString
	CreatedAt, UpdatedAt     int64
	Title, Category          string
	Skills                   []byte
	Location                 string
	InterviewRounds          []byte
	StartDate, EndDate       int64
	TotalOpenings            sql.NullInt64
	Status, Recruiter        string
	JobType, WorkExperience  sql.NullString
	Currency, ExpectedSalary string
	Description              sql.NullString
}

func nullStr(p *string) sql.NullString {
	if p == nil {
		return sql.NullString{}
	}
	return sql.NullString{String: *p, Valid: true}
}

// dest is in the column order of the engine's SELECT for jobs.
func (j *jobRow) dest() []any {
	return []any{&j.ID, &j.CompanyID, &j.CreatedBy, &j.UpdatedBy, &j.CreatedAt, &j.UpdatedAt,
		&j.Title, &j.Category, &j.Skills, &j.Location, &j.InterviewRounds, &j.StartDate, &j.EndDate,
		&j.TotalOpenings, &j.Status, &j.Recruiter, &j.JobType, &j.WorkExperience,
		&j.Currency, &j.ExpectedSalary, &j.Description}
}

func (j *jobRow) args() []any {
	return []any{j.ID, j.CompanyID, j.CreatedBy, j.UpdatedBy, j.CreatedAt, j.UpdatedAt, j.Title, j.Category,
		string(j.Skills), j.Location, string(j.InterviewRounds), j.StartDate, j.EndDate, j.TotalOpenings, j.Status, j.Recruiter,
		j.JobType, j.WorkExperience, j.Currency, j.ExpectedSalary, j.Description}
}

func (j *jobRow) appendJSON(b []byte) []byte {
	b = appendStr(append(b, `{"id":`...), j.ID)
	b = appendStr(append(b, `,"company_id":`...), j.CompanyID)
	b = appendNullStr(append(b, `,"created_by":`...), j.CreatedBy)
	b = appendNullStr(append(b, `,"updated_by":`...), j.UpdatedBy)
	b = appendInstant(append(b, `,"createdAt":`...), j.CreatedAt)
	b = appendInstant(append(b, `,"updatedAt":`...), j.UpdatedAt)
	b = appendStr(append(b, `,"title":`...), j.Title)
	b = appendStr(append(b, `,"category":`...), j.Category)
	b = append(append(b, `,"skills":`...), j.Skills...) // stored compact, without <, > or &
	b = appendStr(append(b, `,"location":`...), j.Location)
	b = append(append(b, `,"interviewRounds":`...), j.InterviewRounds...)
	b = appendInstant(append(b, `,"startDate":`...), j.StartDate)
	b = appendInstant(append(b, `,"endDate":`...), j.EndDate)
	b = append(b, `,"totalOpenings":`...)
	if j.TotalOpenings.Valid {
		b = strconv.AppendInt(b, j.TotalOpenings.Int64, 10)
	} else {
		b = append(b, "null"...)
	}
	b = appendStr(append(b, `,"status":`...), j.Status)
	b = appendStr(append(b, `,"recruiter":`...), j.Recruiter)
	b = appendNullStr(append(b, `,"jobType":`...), j.JobType)
	b = appendNullStr(append(b, `,"workExperience":`...), j.WorkExperience)
	b = appendStr(append(b, `,"currency":`...), j.Currency)
	b = appendStr(append(b, `,"expectedSalary":`...), j.ExpectedSalary)
	b = appendNullStr(append(b, `,"description":`...), j.Description)
	return append(b, '}')
}

func appendEnvelope(b []byte, msg string, j *jobRow, _ any) []byte {
	b = appendStr(append(b, `{"success":true,"message":`...), msg)
	b = j.appendJSON(append(b, `,"data":`...))
	return append(b, '}')
}

func appendInstant(b []byte, ms int64) []byte {
	b = append(b, '"')
	b = time.UnixMilli(ms).UTC().AppendFormat(b, "2006-01-02T15:04:05.000Z")
	return append(b, '"')
}

func appendNullStr(b []byte, s sql.NullString) []byte {
	if !s.Valid {
		return append(b, "null"...)
	}
	return appendStr(b, s.String)
}

// appendStr writes s as encoding/json does (HTML characters escaped).
func appendStr(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				b = append(b, `\ufffd`...)
			case r == '\u2028' || r == '\u2029':
				b = append(b, `\u202`...)
				b = append(b, "0123456789abcdef"[r&0xF])
			default:
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, `\n`...)
		case c == '\r':
			b = append(b, `\r`...)
		case c == '\t':
			b = append(b, `\t`...)
		case c == '\b':
			b = append(b, `\b`...)
		case c == '\f':
			b = append(b, `\f`...)
		case c < 0x20 || c == '<' || c == '>' || c == '&':
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xF])
		default:
			b = append(b, c)
		}
		i++
	}
	return append(b, '"')
}
