package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestAdminCreateAppliesThePasswordPolicy: `crm admin create` refuses a
// password that breaks the super-admin policy, naming the rule, and accepts
// a long one.
func TestAdminCreateAppliesThePasswordPolicy(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATA_DIR", dir)
	t.Setenv("DATABASE_URL", "sqlite:"+filepath.Join(dir, "crm.db"))
	for _, c := range []struct{ pw, want string }{
		{"Xy7#kQzmP2v", "at least 12 characters for a super-admin"},
		{"password12345", "too common"},
		{"ops team ops team", "must not contain the username"}, // the username defaults to "ops"
	} {
		err := admin([]string{"create", "--email", "ops@example.com", "--password", c.pw})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("password %q: %v, want an error containing %q", c.pw, err, c.want)
		}
	}
	if err := admin([]string{"create", "--email", "ops@example.com", "--password", "quiet river under the old mill"}); err != nil {
		t.Fatal(err)
	}
}
