package auth_test

import (
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/crmhrm/crm/internal/platform/auth"
)

// TestDummyHashFollowsCost: a login that matches no account is checked
// against a hash of the configured cost, so it takes as long as a real one.
func TestDummyHashFollowsCost(t *testing.T) {
	for _, c := range []struct{ configured, want int }{{0, bcrypt.DefaultCost}, {bcrypt.MinCost, bcrypt.MinCost}, {6, 6}, {11, 11}} {
		s := &auth.Service{BcryptCost: c.configured}
		h := s.DummyHash()
		got, err := bcrypt.Cost([]byte(h))
		if err != nil || got != c.want {
			t.Fatalf("cost %d: dummy hash has cost %d (%v), want %d", c.configured, got, err, c.want)
		}
		if s.DummyHash() != h {
			t.Fatalf("cost %d: the dummy hash is made again", c.configured)
		}
		if auth.CheckPassword(h, "") || auth.CheckPassword(h, "not-a-real-password") {
			t.Fatalf("the dummy hash matches a guessable password")
		}
	}
}
