package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/config"
)

var streamVars = []string{"STREAM_HEARTBEAT", "STREAM_POLL_INTERVAL", "STREAM_REPLAY_MAX", "STREAM_REPLAY_WINDOW",
	"STREAM_BUFFER", "STREAM_MAX_PER_USER", "STREAM_MAX_TOTAL", "NATS_URL"}

func streamEnv(t *testing.T, kv ...string) {
	t.Helper()
	for _, k := range streamVars {
		t.Setenv(k, "")
	}
	env(t, kv...)
}

func TestStreamSettings(t *testing.T) {
	streamEnv(t)
	c := load(t)
	if c.StreamHeartbeat != 15*time.Second || c.StreamPoll != 200*time.Millisecond || c.StreamReplayMax != 500 ||
		c.StreamReplayWindow != 10*time.Minute || c.StreamBuffer != 64 || c.StreamMaxPerUser != 5 || c.StreamMaxTotal != 10000 || c.NATSURL != "" {
		t.Fatalf("defaults: %+v", c)
	}
	streamEnv(t, "STREAM_HEARTBEAT", "5s", "STREAM_POLL_INTERVAL", "1s", "STREAM_REPLAY_MAX", "50", "STREAM_REPLAY_WINDOW", "1h",
		"STREAM_BUFFER", "8", "STREAM_MAX_PER_USER", "2", "STREAM_MAX_TOTAL", "300", "NATS_URL", "nats://127.0.0.1:4222")
	c = load(t)
	if c.StreamHeartbeat != 5*time.Second || c.StreamPoll != time.Second || c.StreamReplayMax != 50 || c.StreamReplayWindow != time.Hour ||
		c.StreamBuffer != 8 || c.StreamMaxPerUser != 2 || c.StreamMaxTotal != 300 || c.NATSURL != "nats://127.0.0.1:4222" {
		t.Fatalf("settings: %+v", c)
	}
	for _, bad := range [][2]string{{"STREAM_HEARTBEAT", "0"}, {"STREAM_POLL_INTERVAL", "fast"}, {"STREAM_REPLAY_MAX", "0"},
		{"STREAM_REPLAY_WINDOW", "-1m"}, {"STREAM_BUFFER", "x"}, {"STREAM_MAX_PER_USER", "-2"}, {"STREAM_MAX_TOTAL", "0"},
		{"NATS_URL", "127.0.0.1:4222"}, {"NATS_URL", "http://127.0.0.1:4222"}} {
		t.Run(bad[0]+"="+bad[1], func(t *testing.T) {
			streamEnv(t, bad[0], bad[1])
			_, err := config.Load()
			if err == nil || !strings.Contains(err.Error(), bad[0]) {
				t.Fatalf("%s=%q: error %v", bad[0], bad[1], err)
			}
		})
	}
}
