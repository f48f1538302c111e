package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// scenario is one kind of request, sent over and over.
type scenario struct {
	Name, About string
	Method      string
	Path        string // under /api/v1, as shown in the report
	Want        int    // the expected status; anything else is an error
	// target fills the i-th request.
	target func(fx *fixtures, i uint64, t *vegeta.Target)
}

// scenarioNames lists the scenarios in the order they run. Creates run last
// so that the unpaged list measures the seeded rows only.
var scenarioNames = []string{"list_unpaged", "get_by_id", "first_page", "page_1000", "sort_text", "filter",
	"search", "no_token", "login", "create"}

func scenarios() map[string]scenario {
	get := func(path string, deep bool) func(fx *fixtures, _ uint64, t *vegeta.Target) {
		return func(fx *fixtures, _ uint64, t *vegeta.Target) {
			co := fx.Main
			if deep {
				co = fx.Deep
			}
			t.Method, t.URL, t.Header = "GET", "/api/v1"+path, bearer(co.Token)
		}
	}
	return map[string]scenario{
		"list_unpaged": {About: "every job of the company, unpaged (-rows rows)", Method: "GET", Path: "/jobs", Want: 200,
			target: get("/jobs", false)},
		"get_by_id": {About: "one job by id (rotating over 100 ids)", Method: "GET", Path: "/jobs/{id}", Want: 200,
			target: func(fx *fixtures, i uint64, t *vegeta.Target) {
				t.Method, t.URL, t.Header = "GET", "/api/v1/jobs/"+fx.Main.IDs[i%uint64(len(fx.Main.IDs))], bearer(fx.Main.Token)
			}},
		"first_page": {About: "first page of 50 with the total", Method: "GET", Path: "/jobs?page=1&limit=50", Want: 200,
			target: get("/jobs?page=1&limit=50", true)},
		"page_1000": {About: "page 1,000 of 50 (rows 49,951-50,000)", Method: "GET", Path: "/jobs?page=1000&limit=50", Want: 200,
			target: get("/jobs?page=1000&limit=50", true)},
		"sort_text": {About: "first page of 50 sorted by title", Method: "GET", Path: "/jobs?page=1&limit=50&sort=title", Want: 200,
			target: get("/jobs?page=1&limit=50&sort=title", true)},
		"filter": {About: "first page of 50 filtered by location (1 row in 8)", Method: "GET", Path: "/jobs?location=Pune&page=1&limit=50", Want: 200,
			target: get("/jobs?location=Pune&page=1&limit=50", true)},
		"search": {About: "first page of 50 of a q search (1 row in 10)", Method: "GET", Path: "/jobs?q=analyst&page=1&limit=50", Want: 200,
			target: get("/jobs?q=analyst&page=1&limit=50", true)},
		"no_token": {About: "a list without a token, rejected", Method: "GET", Path: "/jobs", Want: 401,
			target: func(_ *fixtures, _ uint64, t *vegeta.Target) { t.Method, t.URL = "GET", "/api/v1/jobs" }},
		"login": {About: "the owner logs in (a bcrypt check)", Method: "POST", Path: "/auth/login", Want: 200,
			target: func(fx *fixtures, _ uint64, t *vegeta.Target) {
				body, _ := json.Marshal(map[string]string{"login": fx.Main.Login, "password": fx.Main.Password})
				t.Method, t.URL, t.Body, t.Header = "POST", "/api/v1/auth/login", body, http.Header{"Content-Type": {"application/json"}}
			}},
		"create": {About: "a job with its 15 fields", Method: "POST", Path: "/jobs", Want: 201,
			target: func(fx *fixtures, i uint64, t *vegeta.Target) {
				body, _ := json.Marshal(job(int(1_000_000 + i)))
				h := bearer(fx.Main.Token)
				h.Set("Content-Type", "application/json")
				t.Method, t.URL, t.Body, t.Header = "POST", "/api/v1/jobs", body, h
			}},
	}
}

func bearer(tok string) http.Header { return http.Header{"Authorization": {"Bearer " + tok}} }

// selectScenarios returns the scenario names picked by -only, in run order.
func selectScenarios(only string) ([]string, error) {
	if strings.TrimSpace(only) == "" {
		return scenarioNames, nil
	}
	all := scenarios()
	want := map[string]bool{}
	for _, n := range strings.Split(only, ",") {
		n = strings.TrimSpace(n)
		if _, ok := all[n]; !ok {
			return nil, fmt.Errorf("-only: unknown scenario %q (known: %s)", n, strings.Join(scenarioNames, ", "))
		}
		want[n] = true
	}
	var out []string
	for _, n := range scenarioNames {
		if want[n] {
			out = append(out, n)
		}
	}
	return out, nil
}

// Result is one scenario's figures.
type Result struct {
	Name        string         `json:"name"`
	About       string         `json:"about"`
	Method      string         `json:"method"`
	Path        string         `json:"path"`
	Requests    uint64         `json:"requests"`
	RPS         float64        `json:"rps"`
	P50ms       float64        `json:"p50_ms"`
	P99ms       float64        `json:"p99_ms"`
	Errors      uint64         `json:"errors"`
	StatusCodes map[string]int `json:"status_codes"`
	FirstError  string         `json:"first_error,omitempty"`
	// With -metrics-token: the server's CPU time (user and system) during the
	// scenario divided by its requests, and its peak resident set size so far.
	ServerCPUus     float64 `json:"server_cpu_us_per_request,omitempty"`
	ServerPeakRSSMi float64 `json:"server_peak_rss_mib,omitempty"`
}

// Report is the whole run.
type Report struct {
	URL         string `json:"url"`
	Concurrency int    `json:"concurrency"`
	Duration    string `json:"duration"`
	Rows        int    `json:"rows"`
	DeepRows    int    `json:"deep_rows"`
	// ServerFigures is set when the server's metrics were read (-metrics-token).
	ServerFigures bool     `json:"server_figures"`
	Scenarios     []Result `json:"scenarios"`
}

// runScenarios runs each selected scenario for o.Duration with o.Concurrency
// workers sending as fast as the server answers.
// With a metrics token it reads the server's figures before and after each.
func runScenarios(ctx context.Context, o *options, c *client, fx *fixtures, log io.Writer) (*Report, error) {
	names, err := selectScenarios(o.Only)
	if err != nil {
		return nil, err
	}
	rep := &Report{URL: o.URL, Concurrency: o.Concurrency, Duration: o.Duration.String(), Rows: fx.Main.Rows, DeepRows: fx.Deep.Rows,
		ServerFigures: o.MetricsTok != ""}
	all := scenarios()
	for _, n := range names {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		sc := all[n]
		sc.Name = n
		fmt.Fprintf(log, "running %s for %s at concurrency %d\n", n, o.Duration, o.Concurrency)
		if !rep.ServerFigures {
			rep.Scenarios = append(rep.Scenarios, attack(ctx, o, fx, sc))
			continue
		}
		// A failed reading leaves that scenario's figures out: the run goes on.
		before, err := c.serverFigures(ctx, o.MetricsTok)
		res := attack(ctx, o, fx, sc)
		after, err2 := c.serverFigures(ctx, o.MetricsTok)
		if err = errors.Join(err, err2); err != nil {
			fmt.Fprintf(log, "%s: server figures: %v\n", n, err)
		} else if res.Requests > 0 {
			res.ServerCPUus = round((after.CPUSeconds-before.CPUSeconds)*1e6/float64(res.Requests), 1)
			res.ServerPeakRSSMi = round(after.PeakRSS/(1<<20), 1)
		}
		rep.Scenarios = append(rep.Scenarios, res)
	}
	return rep, nil
}

// attack runs one scenario in vegeta's max-throughput mode: o.Concurrency
// workers, each sending its next request as soon as the previous one is answered.
func attack(ctx context.Context, o *options, fx *fixtures, sc scenario) Result {
	w := uint64(o.Concurrency)
	atk := vegeta.NewAttacker(vegeta.Workers(w), vegeta.MaxWorkers(w), vegeta.Connections(o.Concurrency),
		vegeta.Timeout(o.Timeout), vegeta.KeepAlive(true), vegeta.Redirects(vegeta.NoFollow), vegeta.MaxBody(300))
	var n atomic.Uint64
	targeter := func(t *vegeta.Target) error {
		*t = vegeta.Target{}
		sc.target(fx, n.Add(1)-1, t)
		t.URL = o.URL + t.URL
		return nil
	}
	stop := context.AfterFunc(ctx, func() { atk.Stop() })
	defer stop()
	var m vegeta.Metrics
	res := Result{Name: sc.Name, About: sc.About, Method: sc.Method, Path: sc.Path, StatusCodes: map[string]int{}}
	for r := range atk.Attack(targeter, vegeta.Rate{Freq: 0}, o.Duration, sc.Name) {
		m.Add(r)
		if int(r.Code) != sc.Want {
			res.Errors++
			if res.FirstError == "" {
				res.FirstError = fmt.Sprintf("status %d %s %s", r.Code, r.Error, strings.TrimSpace(string(r.Body)))
			}
		}
	}
	m.Close()
	res.Requests = m.Requests
	if span := (m.Duration + m.Wait).Seconds(); span > 0 {
		res.RPS = round(float64(m.Requests)/span, 1)
	}
	res.P50ms = round(float64(m.Latencies.P50)/float64(time.Millisecond), 2)
	res.P99ms = round(float64(m.Latencies.P99)/float64(time.Millisecond), 2)
	for code, c := range m.StatusCodes {
		res.StatusCodes[code] = c
	}
	return res
}

// figure prints a server figure, or "-" when it was not read.
func figure(f float64) string {
	if f == 0 {
		return "-"
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}

func round(f float64, digits int) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', digits, 64), 64)
	return v
}

func (r *Report) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func (r *Report) writeTable(w io.Writer) error {
	fmt.Fprintf(w, "%s  concurrency %d  %s per scenario  %d rows (deep-page company: %d rows)\n\n",
		r.URL, r.Concurrency, r.Duration, r.Rows, r.DeepRows)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "scenario\trequests\treq/s\tp50 ms\tp99 ms\terrors\tstatus codes\t"
	if r.ServerFigures {
		head += "server µs/req\tserver peak MiB\t"
	}
	fmt.Fprintln(tw, head)
	for _, s := range r.Scenarios {
		codes := make([]string, 0, len(s.StatusCodes))
		for c, n := range s.StatusCodes {
			codes = append(codes, fmt.Sprintf("%s:%d", c, n))
		}
		sort.Strings(codes)
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.2f\t%.2f\t%d\t%s\t", s.Name, s.Requests, s.RPS, s.P50ms, s.P99ms, s.Errors, strings.Join(codes, " "))
		if r.ServerFigures {
			fmt.Fprintf(tw, "%s\t%s\t", figure(s.ServerCPUus), figure(s.ServerPeakRSSMi))
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range r.Scenarios {
		if s.FirstError != "" {
			fmt.Fprintf(w, "\n%s: first error: %s", s.Name, s.FirstError)
		}
	}
	if len(r.Scenarios) > 0 {
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "\nScenarios:")
	for _, s := range r.Scenarios {
		fmt.Fprintf(w, "  %-13s %s %s: %s\n", s.Name, s.Method, s.Path, s.About)
	}
	return nil
}
