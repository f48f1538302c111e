package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
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
