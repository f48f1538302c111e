package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/testkit"
)

// TestMain runs the command itself when the test binary is re-executed with
// CRM_TEST_RUN_MAIN=1, so that tests can watch its exit status and streams.
func TestMain(m *testing.M) {
	if os.Getenv("CRM_TEST_RUN_MAIN") == "1" {
		os.Args = append([]string{"crm"}, strings.Fields(os.Getenv("CRM_TEST_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runCommand runs the command with args and the extra environment, returning
// its stdout, stderr and exit code.
func runCommand(t *testing.T, args string, env ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CRM_TEST_RUN_MAIN=1", "CRM_TEST_ARGS="+args, "DATA_DIR="+t.TempDir(),
		"DATABASE_URL=", "DB_HOST=", "DB_DIALECT=", "JWT_SECRET=", "CRM_ENV=")
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("run: %v", err)
	}
	return out.String(), errb.String(), code
}

// jsonLines checks that every line of s is a JSON object and returns them.
func jsonLines(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("stderr line is not JSON: %q", line)
		}
		out = append(out, m)
	}
	return out
}

func TestStartupFailureIsOneJSONLogLine(t *testing.T) {
	for _, tc := range []struct {
		name, args string
		env        []string
		mention    string
	}{
		{"bad BCRYPT_COST", "serve", []string{"BCRYPT_COST=3"}, "BCRYPT_COST"},
		{"bad REQUEST_TIMEOUT", "migrate up", []string{"REQUEST_TIMEOUT=soon"}, "REQUEST_TIMEOUT"},
		{"unknown command", "frobnicate", nil, "frobnicate"},
		{"admin create without a password", "admin create --email a@example.com", nil, "--password"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runCommand(t, tc.args, tc.env...)
			if code == 0 {
				t.Fatalf("exit code 0; stderr %q", stderr)
			}
			lines := jsonLines(t, stderr)
			if len(lines) == 0 {
				t.Fatal("nothing logged on stderr")
			}
			last := lines[len(lines)-1]
			if last["level"] != "ERROR" || !strings.Contains(last["err"].(string), tc.mention) {
				t.Fatalf("last line %v does not report the failure naming %q", last, tc.mention)
			}
		})
	}
}

func TestHelpIsPlainTextOnStdout(t *testing.T) {
	stdout, stderr, code := runCommand(t, "--help")
	if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "crm — ") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestServerLogLinesAreWrittenWhileServingAndAtExit: with lines batched
// (LOG_FLUSH_INTERVAL), a request's access line still reaches stderr while
// the server runs, and every line, the last ones included, is written by the
// time it exits.
func TestServerLogLinesAreWrittenWhileServingAndAtExit(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CRM_TEST_RUN_MAIN=1", "CRM_TEST_ARGS=serve", "DATA_DIR="+t.TempDir(),
		"DATABASE_URL=", "DB_HOST=", "DB_DIALECT=", "JWT_SECRET=", "CRM_ENV=", "HOST=127.0.0.1", "PORT="+port,
		"LOG_FLUSH_INTERVAL=300ms", "SHUTDOWN_GRACE=0")
	var stderr testkit.LogBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	base := "http://127.0.0.1:" + port
	// Start-up migrates a new SQLite database: minutes under the race
	// detector on a busy machine.
	deadline := time.Now().Add(5 * time.Minute)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server never answered: %v\n%s", err, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	resp, err := http.Get(base + "/api/v1/no-such-route")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	deadline = time.Now().Add(time.Minute)
	for !strings.Contains(stderr.String(), `"path":"/api/v1/no-such-route"`) {
		if time.Now().After(deadline) {
			t.Fatalf("the access line was not written while the server ran:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v\n%s", err, stderr.String())
	}
	lines := jsonLines(t, stderr.String())
	if last := lines[len(lines)-1]; last["msg"] != "stopped" {
		t.Fatalf("last line %v, want the server's final line written before it exited", last)
	}
}
