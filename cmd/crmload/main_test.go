package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/platform/metrics"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// TestEveryScenarioRunsCleanly seeds a company through the API of an
// in-process server and runs every scenario briefly.
func TestEveryScenarioRunsCleanly(t *testing.T) {
	e := testkit.New(t)
	srv := httptest.NewServer(e.Server.Handler)
	defer srv.Close()
	before := countJobs(t, e)
	var out, log bytes.Buffer
	prof := filepath.Join(t.TempDir(), "cpu.prof")
	err := run(context.Background(), []string{"-url", srv.URL, "-super-admin-key", e.SAKey, "-rows", "40", "-deep-rows", "30",
		"-seed-c", "4", "-c", "2", "-d", "250ms", "-json", "-cpuprofile", prof}, &out, &log)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	// The profile is a gzipped pprof protobuf.
	if b, err := os.ReadFile(prof); err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("-cpuprofile wrote %d bytes (%v), want a pprof profile", len(b), err)
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out.String())
	}
	if rep.Rows != 40 || rep.DeepRows != 30 || rep.Concurrency != 2 {
		t.Errorf("report header: %+v", rep)
	}
	got := map[string]Result{}
	for _, s := range rep.Scenarios {
		got[s.Name] = s
	}
	for _, name := range scenarioNames {
		s, ok := got[name]
		switch {
		case !ok:
			t.Errorf("scenario %s missing from the report", name)
		case s.Requests == 0:
			t.Errorf("%s: no requests", name)
		case s.Errors != 0:
			t.Errorf("%s: %d errors of %d requests, first: %s", name, s.Errors, s.Requests, s.FirstError)
		}
	}
	// Every seeded row and every create went through the API into the database.
	if n := countJobs(t, e); n-before != int64(40+30+got["create"].Requests) {
		t.Errorf("jobs added: %d, want 40 + 30 seeded + %d created", n-before, got["create"].Requests)
	}
}

func countJobs(t *testing.T, e *testkit.Env) int64 {
	t.Helper()
	var n int64
	if err := e.DB.Read.QueryRow("SELECT COUNT(*) FROM jobs").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBadFlagsChangeNothing(t *testing.T) {
	for _, args := range [][]string{
		{"-url", "ftp://example.com"},
		{"-c", "0"},
		{"-d", "0s"},
		{"-rows", "100001"},
		{"-only", "list_unpaged,nope"},
		{"-login", "someone"},
		{"extra"},
	} {
		var out, log bytes.Buffer
		err := run(context.Background(), append([]string{"-url", "http://127.0.0.1:1"}, args...), &out, &log)
		if err == nil || out.Len() != 0 {
			t.Errorf("%v: err %v, output %q", args, err, out.String())
		}
	}
}

func TestOnlyRunsTheNamedScenarios(t *testing.T) {
	names, err := selectScenarios(" login , list_unpaged")
	if err != nil || strings.Join(names, ",") != "list_unpaged,login" {
		t.Fatalf("selectScenarios: %v %v", names, err)
	}
}

// TestServerFigures reads the server's CPU time and peak memory from its
// metrics around each scenario, and refuses a wrong metrics token before
// seeding anything.
func TestServerFigures(t *testing.T) {
	e := testkit.New(t)
	const token = "metrics-token-for-the-load-tool-test"
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics.Guard(token, metrics.New(nil, func(*http.Request) string { return "" }).Handler()))
	mux.Handle("/", e.Server.Handler)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	args := []string{"-url", srv.URL, "-super-admin-key", e.SAKey, "-rows", "10", "-seed-c", "2", "-c", "2", "-d", "250ms",
		"-only", "get_by_id,create"}

	before := countJobs(t, e)
	var out, log bytes.Buffer
	err := run(context.Background(), append(args, "-metrics-token", "not-the-token"), &out, &log)
	if err == nil || !strings.Contains(err.Error(), "METRICS_TOKEN") || out.Len() != 0 {
		t.Errorf("wrong token: err %v, output %q", err, out.String())
	}
	if n := countJobs(t, e); n != before {
		t.Errorf("wrong token: %d jobs seeded anyway", n-before)
	}

	out.Reset()
	if err := run(context.Background(), append(args, "-metrics-token", token, "-json"), &out, &log); err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out.String())
	}
	if !rep.ServerFigures || len(rep.Scenarios) != 2 {
		t.Fatalf("report: %+v", rep)
	}
	for _, s := range rep.Scenarios {
		// The test process is the server: its figures are real, if not the
		// server's alone.
		if s.Requests == 0 || s.ServerCPUus <= 0 || s.ServerPeakRSSMi < 1 {
			t.Errorf("%s: %d requests, %v µs of server CPU each, peak %v MiB", s.Name, s.Requests, s.ServerCPUus, s.ServerPeakRSSMi)
		}
	}

	out.Reset()
	if err := run(context.Background(), append(args, "-metrics-token", token), &out, &log); err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	if !strings.Contains(out.String(), "server µs/req") || !strings.Contains(out.String(), "server peak MiB") {
		t.Errorf("table without the server's figures:\n%s", out.String())
	}
}

// TestServerFiguresParsing reads the two metrics from the text format, with
// or without a timestamp, and names a server that lacks the CPU counter.
func TestServerFiguresParsing(t *testing.T) {
	body := ""
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(body))
	}))
	defer srv.Close()
	c := newClient(srv.URL, time.Second)

	body = "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n" +
		"# TYPE process_cpu_seconds_total counter\n" +
		"process_cpu_seconds_total 12.5 1700000000000\n" +
		"process_cpu_seconds_total_other 99\n" +
		"crm_process_resident_memory_peak_bytes 6.291456e+07\n"
	f, err := c.serverFigures(context.Background(), "t")
	if err != nil || f.CPUSeconds != 12.5 || f.PeakRSS != 62914560 {
		t.Errorf("figures %+v, err %v", f, err)
	}

	body = "process_resident_memory_bytes 1e+07\n"
	if _, err := c.serverFigures(context.Background(), "t"); err == nil || !strings.Contains(err.Error(), "process_cpu_seconds_total") {
		t.Errorf("without the CPU counter: err %v", err)
	}
}
