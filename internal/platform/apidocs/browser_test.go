package apidocs_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/crmhrm/crm/internal/platform/apidocs"
	"github.com/crmhrm/crm/internal/testkit"
)

// chromium is the path of a Chromium (or Chrome) binary, "" when none.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestDocsPageRendersInChromium loads GET /api/docs from a running server in
// headless Chromium: every operation of the live document is listed, an
// operation opens with its declared example, the auth dialog shows the
// web client's quoted form, nothing is logged as an error (a script error,
// a blocked resource, a policy violation), and a screenshot is kept.
func TestDocsPageRendersInChromium(t *testing.T) {
	if testkit.Dialect() != "sqlite" {
		t.Skip("the docs page does not depend on the database; it is tested on SQLite")
	}
	exe := chromium()
	if exe == "" {
		t.Skip("no chromium binary on PATH (apt-get install -y chromium); .ci/run installs it")
	}
	e := testkit.New(t)
	srv := httptest.NewServer(e.Server.Handler)
	defer srv.Close()

	// The page is served with its own strict policy.
	resp, err := http.Get(srv.URL + apidocs.Path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); csp != apidocs.PageCSP || !strings.Contains(csp, "script-src 'self';") {
		t.Fatalf("page policy %q", csp)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(e.Server.OpenAPIDocument(), &doc); err != nil {
		t.Fatal(err)
	}
	ops := 0
	for _, p := range doc.Paths {
		ops += len(p)
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	var mu sync.Mutex
	var problems []string
	listener := func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				problems = append(problems, "console."+string(ev.Type)+": "+strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			problems = append(problems, fmt.Sprintf("exception: %s (%s:%d)", msg, d.URL, d.LineNumber))
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				problems = append(problems, fmt.Sprintf("log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	}

	ctx, cancel := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf), chromedp.WithListener(listener))
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTimeout()

	const create = `[id="tag/HRM/operation/departments-create"]`
	fail := func(step string, err error) {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("%s: %v (browser problems so far: %v)", step, err, problems)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+apidocs.Path),
		chromedp.WaitVisible(chromedp.CSS(`[id="tag/Accounts/operation/auth-login"]`))); err != nil {
		fail("load the page", err)
	}
	// Give a busy machine time to lay out every operation (a shortfall is
	// reported below with the count).
	const opsOnPage = `document.querySelectorAll('.api-content [id*="/operation/"]').length`
	_, _ = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`%s >= %d`, opsOnPage, ops),
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	count, err := chromedp.Run(ctx, chromedp.Evaluate[int](opsOnPage))
	if err != nil {
		fail("count operations", err)
	}
	body, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		fail("read the page", err)
	}
	example, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('`+create+`').innerText`))
	if err != nil {
		fail("read an operation", err)
	}
	menu, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.menu-content`)))
	if err != nil {
		fail("read the menu", err)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		fail("screenshot", err)
	}
	authText, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[id="section/Authentication"]').innerText`))
	if err != nil {
		fail("read the auth section", err)
	}
	path := filepath.Join(t.TempDir(), "api-docs.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", path, len(shot))

	if count != ops {
		t.Errorf("%d operations rendered, the document has %d", count, ops)
	}
	for _, want := range []string{"Log in with an e-mail or username", "Create a department", "HRM", "Recruitment", "Live updates"} {
		if !strings.Contains(body, want) {
			t.Errorf("page does not show %q", want)
		}
	}
	// An operation shows its permission, request schema, declared example,
	// the envelope and its error statuses.
	for _, want := range []string{"hrm.departments.create", "department_name", `"department_name": "Sales"`,
		"Idempotency-Key", "success", "message", "data", "401", "403", "409", "422"} {
		if !strings.Contains(example, want) {
			t.Errorf("the department create operation does not show %q:\n%s", want, example)
		}
	}
	// The menu groups the areas.
	for _, g := range apidocs.TagGroups {
		if !strings.Contains(strings.ToLower(menu), strings.ToLower(g.Name)) {
			t.Errorf("menu does not show the group %q:\n%s", g.Name, menu)
		}
	}
	if !strings.Contains(authText, `Bearer "<token>"`) {
		t.Errorf("the auth section does not show the quoted form:\n%s", authText)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Errorf("browser reported: %s", p)
	}
}
