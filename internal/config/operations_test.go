package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/config"
)

var opsVars = []string{"SHUTDOWN_GRACE", "SHUTDOWN_TIMEOUT", "RATE_LIMIT_RPS", "RATE_LIMIT_BURST",
	"RATE_LIMIT_USER_RPS", "RATE_LIMIT_USER_BURST", "HSTS_MAX_AGE", "METRICS_TOKEN", "PPROF", "LOG_FLUSH_INTERVAL"}

// opsEnv is env with the operations variables cleared too.
func opsEnv(t *testing.T, kv ...string) {
	t.Helper()
	env(t)
	for _, k := range opsVars {
		t.Setenv(k, "")
	}
	for i := 0; i+1 < len(kv); i += 2 {
		t.Setenv(kv[i], kv[i+1])
	}
}

func TestOperationsDefaults(t *testing.T) {
	opsEnv(t)
	c := load(t)
	if c.ShutdownGrace != 5*time.Second || c.ShutdownTimeout != 20*time.Second || c.RateLimitRPS != 50 || c.RateLimitBurst != 200 ||
		c.RateLimitUserRPS != 20 || c.RateLimitUserBurst != 100 || c.HSTSMaxAge != 0 || c.LogFlushInterval != 100*time.Millisecond {
		t.Fatalf("defaults: grace %v timeout %v rate %v/%d user %v/%d hsts %d log flush %v", c.ShutdownGrace, c.ShutdownTimeout,
			c.RateLimitRPS, c.RateLimitBurst, c.RateLimitUserRPS, c.RateLimitUserBurst, c.HSTSMaxAge, c.LogFlushInterval)
	}
}

func TestOperationsSettings(t *testing.T) {
	opsEnv(t, "SHUTDOWN_GRACE", "500ms", "SHUTDOWN_TIMEOUT", "1m", "RATE_LIMIT_RPS", "2.5", "RATE_LIMIT_BURST", "10",
		"RATE_LIMIT_USER_RPS", "0", "HSTS_MAX_AGE", "31536000", "LOG_FLUSH_INTERVAL", "250ms")
	c := load(t)
	if c.LogFlushInterval != 250*time.Millisecond {
		t.Fatalf("LOG_FLUSH_INTERVAL=250ms: %v", c.LogFlushInterval)
	}
	if c.ShutdownGrace != 500*time.Millisecond || c.ShutdownTimeout != time.Minute || c.RateLimitRPS != 2.5 || c.RateLimitBurst != 10 ||
		c.RateLimitUserRPS != 0 || c.HSTSMaxAge != 31536000 {
		t.Fatalf("settings: %+v", c)
	}
	opsEnv(t, "SHUTDOWN_GRACE", "0", "RATE_LIMIT_RPS", "0", "RATE_LIMIT_BURST", "0", "LOG_FLUSH_INTERVAL", "0")
	if c := load(t); c.ShutdownGrace != 0 || c.RateLimitRPS != 0 || c.LogFlushInterval != 0 {
		t.Fatalf("zero grace / rate limit off: %+v", c)
	}
	for _, bad := range [][]string{
		{"SHUTDOWN_GRACE", "5"}, {"SHUTDOWN_GRACE", "-1s"}, {"SHUTDOWN_TIMEOUT", "0"}, {"SHUTDOWN_TIMEOUT", "soon"},
		{"RATE_LIMIT_RPS", "-1"}, {"RATE_LIMIT_RPS", "fast"}, {"RATE_LIMIT_RPS", "NaN"}, {"RATE_LIMIT_BURST", "1.5"},
		{"RATE_LIMIT_BURST", "0"}, {"RATE_LIMIT_USER_BURST", "-3"}, {"RATE_LIMIT_USER_RPS", "Inf"},
		{"HSTS_MAX_AGE", "-1"}, {"HSTS_MAX_AGE", "1y"},
		{"LOG_FLUSH_INTERVAL", "100"}, {"LOG_FLUSH_INTERVAL", "-1ms"}, {"LOG_FLUSH_INTERVAL", "2s"},
	} {
		t.Run(bad[0]+"="+bad[1], func(t *testing.T) {
			opsEnv(t, bad...)
			_, err := config.Load()
			if err == nil {
				t.Fatalf("%s=%q accepted", bad[0], bad[1])
			}
			if !strings.Contains(err.Error(), bad[0]) {
				t.Fatalf("error does not name %s: %v", bad[0], err)
			}
		})
	}
}
