package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// client calls the API with JSON bodies.
type client struct {
	base string
	http *http.Client
}

func newClient(base string, timeout time.Duration) *client {
	return &client{base: base, http: &http.Client{Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// apiError is an answer with an unexpected status.
type apiError struct {
	Method, Path string
	Status       int
	Message      string
	RetryAfter   time.Duration
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%s %s: status %d: %s", e.Method, e.Path, e.Status, e.Message)
}

// envelope is the API's answer.
type envelope struct {
	Success    bool            `json:"success"`
	Message    string          `json:"message"`
	Data       json.RawMessage `json:"data"`
	Pagination *struct {
		Total int `json:"total"`
	} `json:"pagination"`
}

// call sends one request under /api/v1 and decodes the envelope of an answer
// with status want.
func (c *client) call(ctx context.Context, method, path, token string, body any, want int) (*envelope, error) {
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+"/api/v1"+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return nil, err
	}
	var env envelope
	_ = json.Unmarshal(raw, &env)
	if res.StatusCode != want {
		e := &apiError{Method: method, Path: path, Status: res.StatusCode, Message: env.Message}
		if e.Message == "" {
			e.Message = string(raw[:min(len(raw), 200)])
		}
		if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil && s > 0 {
			e.RetryAfter = time.Duration(s) * time.Second
		}
		return nil, e
	}
	return &env, nil
}

// id returns data.id of an answer.
func (e *envelope) id() string {
	var v struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(e.Data, &v)
	return v.ID
}

// company is a tenant the scenarios run in.
type company struct {
	Login, Password, Token string
	IDs                    []string // some of its jobs, for get by id
	Rows                   int      // jobs it holds
}

// fixtures are what the scenarios need.
type fixtures struct {
	Main, Deep *company
}

// secret returns a random password that passes the server's policy.
func secret() string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return "Load-" + hex.EncodeToString(b[:]) + "-Qz7"
}

func suffix() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// prepare logs in to the companies named by flags, or creates and seeds them.
func prepare(ctx context.Context, c *client, o *options, log io.Writer) (*fixtures, error) {
	fx := &fixtures{}
	var admin string
	needAdmin := o.Login == "" || (o.DeepRows > 0 && o.DeepLogin == "")
	if needAdmin {
		var err error
		if admin, err = superAdmin(ctx, c, o); err != nil {
			return nil, err
		}
	}
	var err error
	if fx.Main, err = companyFor(ctx, c, o, admin, o.Login, o.Password, o.Rows, log); err != nil {
		return nil, err
	}
	fx.Deep = fx.Main
	if o.DeepRows > 0 || o.DeepLogin != "" {
		if fx.Deep, err = companyFor(ctx, c, o, admin, o.DeepLogin, o.DeepPassword, o.DeepRows, log); err != nil {
			return nil, err
		}
	}
	return fx, nil
}

// superAdmin returns a super-admin token: from -admin-login, or from a new
// super-admin made with the secret key.
func superAdmin(ctx context.Context, c *client, o *options) (string, error) {
	if o.AdminLogin != "" {
		return login(ctx, c, o.AdminLogin, o.AdminPassword)
	}
	if o.SuperAdminKey == "" {
		return "", errors.New("seeding needs a super-admin: set SUPER_ADMIN_SECRET_KEY (or -super-admin-key), or give -admin-login, or give -login for an already seeded company")
	}
	u, pw := "load"+suffix(), secret()
	_, err := c.call(ctx, "POST", "/super-admin", "", map[string]any{"username": u, "email": u + "@example.com",
		"password": pw, "secret_key": o.SuperAdminKey}, http.StatusCreated)
	if err != nil {
		return "", fmt.Errorf("create a super-admin: %w (once one exists the server needs ALLOW_SUPER_ADMIN_SIGNUP=true; or use -admin-login)", err)
	}
	return login(ctx, c, u, pw)
}

func login(ctx context.Context, c *client, name, pw string) (string, error) {
	env, err := c.call(ctx, "POST", "/auth/login", "", map[string]any{"login": name, "password": pw}, http.StatusOK)
	if err != nil {
		return "", err
	}
	var d struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(env.Data, &d); err != nil || d.Token == "" {
		return "", fmt.Errorf("login %s: no token in the answer", name)
	}
	return d.Token, nil
}

// companyFor logs in to an existing company (name given) or creates a client
// with an active plan and seeds rows jobs in it.
func companyFor(ctx context.Context, c *client, o *options, admin, name, pw string, rows int, log io.Writer) (*company, error) {
	if name != "" {
		tok, err := login(ctx, c, name, pw)
		if err != nil {
			return nil, err
		}
		co := &company{Login: name, Password: pw, Token: tok}
		env, err := c.call(ctx, "GET", "/jobs?page=1&limit=100", tok, nil, http.StatusOK)
		if err != nil {
			return nil, err
		}
		var list []struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(env.Data, &list)
		for _, j := range list {
			co.IDs = append(co.IDs, j.ID)
		}
		if env.Pagination != nil {
			co.Rows = env.Pagination.Total
		}
		if len(co.IDs) == 0 {
			return nil, fmt.Errorf("company %s holds no jobs", name)
		}
		return co, nil
	}
	u := "load" + suffix()
	co := &company{Login: u, Password: o.OwnerPassword}
	if co.Password == "" {
		co.Password = secret()
	}
	cl, err := c.call(ctx, "POST", "/clients", admin, map[string]any{"username": u, "email": u + "@example.com", "password": co.Password}, http.StatusCreated)
	if err != nil {
		return nil, err
	}
	plan, err := c.call(ctx, "POST", "/subscriptions", admin, map[string]any{"name": "Load " + u, "currency": "USD", "price": 10,
		"duration": "Per Month", "trial_period": 0, "max_users": 100, "max_clients": 100, "storage_limit": 1024, "status": "active"}, http.StatusCreated)
	if err != nil {
		return nil, err
	}
	if _, err := c.call(ctx, "POST", "/subscriptions/assign", admin, map[string]any{"client_id": cl.id(), "plan_id": plan.id(),
		"start_date": "2020-01-01", "status": "active"}, http.StatusCreated); err != nil {
		return nil, err
	}
	if co.Token, err = login(ctx, c, u, co.Password); err != nil {
		return nil, err
	}
	sctx, cancel := context.WithTimeout(ctx, o.SeedTimeout)
	defer cancel()
	start := time.Now()
	ids, err := seedJobs(sctx, c, co.Token, rows, o.SeedConcurrency, log)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "seeded %d jobs in company %s in %s\n", rows, u, time.Since(start).Round(time.Millisecond))
	co.IDs, co.Rows = ids[:min(len(ids), 100)], rows
	return co, nil
}

var (
	jobTitles  = []string{"Backend engineer", "Frontend engineer", "Data analyst", "Product manager", "Sales executive", "Support specialist", "QA engineer", "DevOps engineer", "HR generalist", "Account manager"}
	categories = []string{"Engineering", "Analytics", "Product", "Sales", "Support", "Operations", "People"}
	locations  = []string{"Pune", "Mumbai", "Bengaluru", "Delhi", "Chennai", "Hyderabad", "Kolkata", "Remote"}
	statuses   = []string{"Open", "On hold", "Closed"}
)

// job is the i-th seeded job: every one of the 15 fields set, titles unique,
// one in ten titles an "analyst", one in eight locations "Pune".
func job(i int) map[string]any {
	title := jobTitles[i%len(jobTitles)]
	return map[string]any{
		"title":           fmt.Sprintf("%s %06d", title, i),
		"category":        categories[i%len(categories)],
		"skills":          map[string]any{"Skills": []string{"Go", "SQL", "HTTP"}},
		"location":        locations[i%len(locations)],
		"interviewRounds": map[string]any{"InterviewRounds": []string{"Screening", "Technical", "HR"}},
		"startDate":       "2026-01-01",
		"endDate":         "2026-03-31",
		"totalOpenings":   1 + i%5,
		"status":          statuses[i%len(statuses)],
		"recruiter":       fmt.Sprintf("Recruiter %02d", i%20),
		"jobType":         "Full time",
		"workExperience":  fmt.Sprintf("%d+ years", i%10),
		"currency":        "INR",
		"expectedSalary":  strconv.Itoa(600000 + (i%50)*20000),
		"description":     "Builds and runs the services of the " + title + " team; seeded by crmload.",
	}
}

// seedBatch is how many creates are handed to the workers at a time, between
// progress lines.
const seedBatch = 1000

// seedJobs creates n jobs with at most workers requests in flight, in batches,
// and returns their ids in creation order. A create answered 429 or 503 is
// retried a few times; any other failure stops the seeding.
func seedJobs(ctx context.Context, c *client, token string, n, workers int, log io.Writer) ([]string, error) {
	ids := make([]string, n)
	for from := 0; from < n; from += seedBatch {
		to := min(from+seedBatch, n)
		ctx, cancel := context.WithCancel(ctx)
		var (
			next     atomic.Int64
			wg       sync.WaitGroup
			mu       sync.Mutex
			firstErr error
		)
		next.Store(int64(from))
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1) - 1)
					if i >= to || ctx.Err() != nil {
						return
					}
					id, err := createJob(ctx, c, token, i)
					if err != nil {
						mu.Lock()
						if firstErr == nil {
							firstErr = err
						}
						mu.Unlock()
						cancel()
						return
					}
					ids[i] = id
				}
			}()
		}
		wg.Wait()
		cancel()
		if firstErr != nil {
			return nil, fmt.Errorf("seed job %d..%d: %w", from, to, firstErr)
		}
		if n > seedBatch {
			fmt.Fprintf(log, "seeded %d/%d\n", to, n)
		}
	}
	return ids, nil
}

// createJob creates job i, retrying up to 5 times on 429 and 503.
func createJob(ctx context.Context, c *client, token string, i int) (string, error) {
	var err error
	for attempt := 1; attempt <= 5; attempt++ {
		var env *envelope
		env, err = c.call(ctx, "POST", "/jobs", token, job(i), http.StatusCreated)
		if err == nil {
			return env.id(), nil
		}
		var ae *apiError
		if !errors.As(err, &ae) || (ae.Status != http.StatusTooManyRequests && ae.Status != http.StatusServiceUnavailable) {
			return "", err
		}
		wait := min(max(ae.RetryAfter, time.Duration(attempt)*200*time.Millisecond), 10*time.Second)
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(wait):
		}
	}
	return "", fmt.Errorf("%w (rate limited or unavailable: run the server with RATE_LIMIT_RPS=0 RATE_LIMIT_USER_RPS=0)", err)
}
