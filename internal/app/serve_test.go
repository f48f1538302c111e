package app_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/config"
)

// TestServeRefusesUnsafeSettings: crm serve stops before opening the database
// or listening when the settings are unsafe for where it would listen.
func TestServeRefusesUnsafeSettings(t *testing.T) {
	strong := strings.Repeat("s", config.MinSecretLen)
	for _, tc := range []struct {
		name string
		env  []string
		want string
	}{
		{"production without CORS_ORIGINS", []string{"CRM_ENV", "production ", "JWT_SECRET", strong}, "CORS_ORIGINS"},
		{"production with CORS_ORIGINS=*", []string{"CRM_ENV", "prod", "JWT_SECRET", strong, "CORS_ORIGINS", "*"}, "CORS_ORIGINS"},
		{"production with a weak super-admin key", []string{"CRM_ENV", "production", "JWT_SECRET", strong,
			"CORS_ORIGINS", "https://app.example.com", "SUPER_ADMIN_SECRET_KEY", "a"}, "SUPER_ADMIN_SECRET_KEY"},
		{"production with a weak JWT secret", []string{"CRM_ENV", "production", "JWT_SECRET", "secret", "CORS_ORIGINS", "https://app.example.com"}, "JWT_SECRET"},
		{"development with a weak JWT secret beyond loopback", []string{"JWT_SECRET", "secret", "HOST", "0.0.0.0"}, "JWT_SECRET"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []string{"CRM_ENV", "HOST", "JWT_SECRET", "CORS_ORIGINS", "SUPER_ADMIN_SECRET_KEY", "ALLOW_SUPER_ADMIN_SIGNUP",
				"DATABASE_URL", "DB_DIALECT", "DB_HOST"} {
				t.Setenv(k, "")
			}
			t.Setenv("DATA_DIR", t.TempDir())
			// Should a check be missing, listening fails at once on this port
			// (with an error naming no setting) instead of serving.
			t.Setenv("PORT", "not-a-port")
			for i := 0; i+1 < len(tc.env); i += 2 {
				t.Setenv(tc.env[i], tc.env[i+1])
			}
			c, err := config.Load()
			if err != nil {
				t.Fatal(err)
			}
			var log bytes.Buffer
			err = app.Serve(c, slog.New(slog.NewJSONHandler(&log, nil)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Serve: %v, want an error naming %s", err, tc.want)
			}
			if strings.Contains(log.String(), "listening") {
				t.Fatalf("listened: %s", log.String())
			}
		})
	}
}
