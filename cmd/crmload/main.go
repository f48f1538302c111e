// Command crmload measures the API under load. It seeds a company through the
// API (or uses an existing one), then runs each scenario against the base URL
// for a fixed duration at a fixed concurrency, as fast as the server answers,
// and prints requests per second, latency percentiles and errors per scenario
// as a table or as JSON (-json).
//
//	go run ./cmd/crmload -url http://127.0.0.1:5353 -c 8 -d 5s -rows 1000
//
// It only sends requests to -url. The server's rate limits answer 429 under
// load: start it with RATE_LIMIT_RPS=0 RATE_LIMIT_USER_RPS=0 to measure it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"
)

// options are the command's flags.
type options struct {
	URL         string
	Concurrency int
	Duration    time.Duration
	Timeout     time.Duration
	JSON        bool
	Only        string
	CPUProfile  string
	MetricsTok  string

	Rows            int
	DeepRows        int
	SeedConcurrency int
	SeedTimeout     time.Duration

	SuperAdminKey string
	AdminLogin    string
	AdminPassword string
	Login         string
	Password      string
	DeepLogin     string
	DeepPassword  string
	OwnerPassword string
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("crmload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.URL, "url", "http://127.0.0.1:5353", "base URL of the server (the only host requests go to)")
	fs.IntVar(&o.Concurrency, "c", 8, "concurrent workers per scenario (1-1000)")
	fs.DurationVar(&o.Duration, "d", 5*time.Second, "duration of each scenario (at most 1h)")
	fs.DurationVar(&o.Timeout, "timeout", 30*time.Second, "timeout of one request")
	fs.BoolVar(&o.JSON, "json", false, "print the report as JSON")
	fs.StringVar(&o.Only, "only", "", "comma-separated scenario names to run (default: all)")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the load tool itself while the scenarios run to this file")
	fs.StringVar(&o.MetricsTok, "metrics-token", os.Getenv("CRMLOAD_METRICS_TOKEN"), "the server's METRICS_TOKEN: read its GET /metrics around each scenario and report\nits CPU time per request and its peak resident memory (default $CRMLOAD_METRICS_TOKEN)")
	fs.IntVar(&o.Rows, "rows", 1000, "jobs to seed in the company of the list, get and create scenarios (1-100000)")
	fs.IntVar(&o.DeepRows, "deep-rows", 0, "jobs to seed in a second company for the paging, sort, filter and search scenarios\n(0: use the first company; 100000 makes page 1,000 a real deep page)")
	fs.IntVar(&o.SeedConcurrency, "seed-c", 8, "concurrent create requests while seeding (1-100)")
	fs.DurationVar(&o.SeedTimeout, "seed-timeout", time.Hour, "longest time the seeding may take")
	fs.StringVar(&o.SuperAdminKey, "super-admin-key", os.Getenv("SUPER_ADMIN_SECRET_KEY"), "creates a super-admin through POST /super-admin (default $SUPER_ADMIN_SECRET_KEY)")
	fs.StringVar(&o.AdminLogin, "admin-login", "", "an existing super-admin's login, instead of -super-admin-key")
	fs.StringVar(&o.AdminPassword, "admin-password", os.Getenv("CRMLOAD_ADMIN_PASSWORD"), "that super-admin's password (default $CRMLOAD_ADMIN_PASSWORD)")
	fs.StringVar(&o.Login, "login", "", "owner login of an already seeded company (skips seeding it)")
	fs.StringVar(&o.Password, "password", os.Getenv("CRMLOAD_PASSWORD"), "that owner's password (default $CRMLOAD_PASSWORD)")
	fs.StringVar(&o.DeepLogin, "deep-login", "", "owner login of an already seeded company for the deep-page scenarios")
	fs.StringVar(&o.DeepPassword, "deep-password", os.Getenv("CRMLOAD_DEEP_PASSWORD"), "that owner's password (default $CRMLOAD_DEEP_PASSWORD)")
	fs.StringVar(&o.OwnerPassword, "owner-password", os.Getenv("CRMLOAD_OWNER_PASSWORD"), "password of the owners of seeded companies (default $CRMLOAD_OWNER_PASSWORD, else random)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	u, err := url.Parse(o.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("-url must be an http(s) base URL such as http://127.0.0.1:5353")
	}
	o.URL = strings.TrimRight(o.URL, "/")
	switch {
	case o.Concurrency < 1 || o.Concurrency > 1000:
		return nil, errors.New("-c must be between 1 and 1000")
	case o.Duration <= 0 || o.Duration > time.Hour:
		return nil, errors.New("-d must be a positive duration of at most 1h")
	case o.Timeout <= 0:
		return nil, errors.New("-timeout must be positive")
	case o.Rows < 1 || o.Rows > 100000:
		return nil, errors.New("-rows must be between 1 and 100000")
	case o.DeepRows < 0 || o.DeepRows > 100000:
		return nil, errors.New("-deep-rows must be between 0 and 100000")
	case o.SeedConcurrency < 1 || o.SeedConcurrency > 100:
		return nil, errors.New("-seed-c must be between 1 and 100")
	case o.SeedTimeout <= 0:
		return nil, errors.New("-seed-timeout must be positive")
	case o.Login != "" && o.Password == "":
		return nil, errors.New("-login needs -password (or $CRMLOAD_PASSWORD)")
	case o.DeepLogin != "" && o.DeepPassword == "":
		return nil, errors.New("-deep-login needs -deep-password (or $CRMLOAD_DEEP_PASSWORD)")
	case o.AdminLogin != "" && o.AdminPassword == "":
		return nil, errors.New("-admin-login needs -admin-password (or $CRMLOAD_ADMIN_PASSWORD)")
	}
	if _, err := selectScenarios(o.Only); err != nil {
		return nil, err
	}
	return o, nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "crmload:", err)
		}
		os.Exit(1)
	}
}

// run seeds (or logs in), runs the scenarios and writes the report to stdout;
// progress goes to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	c := newClient(o.URL, o.Timeout)
	if o.MetricsTok != "" { // before seeding, which can take minutes
		if _, err := c.serverFigures(ctx, o.MetricsTok); err != nil {
			return err
		}
	}
	fx, err := prepare(ctx, c, o, stderr)
	if err != nil {
		return err
	}
	if o.CPUProfile != "" {
		f, err := os.Create(o.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	rep, err := runScenarios(ctx, o, c, fx, stderr)
	if err != nil {
		return err
	}
	if o.JSON {
		return rep.writeJSON(stdout)
	}
	return rep.writeTable(stdout)
}
