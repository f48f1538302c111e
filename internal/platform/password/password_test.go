package password_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/platform/password"
)

func TestPolicy(t *testing.T) {
	user := password.Account{Username: "jsmith", Email: "john.smith@example.com"}
	admin := password.Account{Username: "root", Email: "ops@example.com", SuperAdmin: true}
	for _, tc := range []struct {
		name string
		pw   string
		a    password.Account
		rule string // "" when accepted
	}{
		{"one character repeated", "aaaaaaaa", user, password.RuleCommon},
		{"a short unit repeated", "abcdABCDabcd", user, password.RuleCommon},
		{"common password on the list", "password", user, password.RuleCommon},
		{"common password in another case", "PASSWORD1", user, password.RuleCommon},
		{"common word with digits and symbols added", "Summer2024!", user, password.RuleCommon},
		{"common word with substitutions", "P@ssw0rd", user, password.RuleCommon},
		{"the old test password", "Passw0rd!", user, password.RuleCommon},
		{"keyboard walk", "qwertyuiop", user, password.RuleCommon},
		{"40-character passphrase with spaces", "correct horse battery staple on the moon", user, ""},
		{"7 characters", "Xy7#kQz", user, password.RuleMinLength},
		{"8 characters", "Xy7#kQzm", user, ""},
		{"11 characters for a super-admin", "Xy7#kQzmP2v", admin, password.RuleMinLength},
		{"12 characters for a super-admin", "Xy7#kQzmP2vw", admin, ""},
		{"non-ASCII letters", "Ĝuste ŝtormas ĉe Zürich", user, ""},
		{"non-Latin letters", "Съешь же ещё мягких", user, ""},
		{"72 bytes", strings.Repeat("abcdefghi", 8), user, ""},
		{"73 bytes", strings.Repeat("abcdefghi", 8) + "j", user, password.RuleMaxBytes},
		{"37 two-byte letters are 74 bytes", strings.Repeat("жу", 18) + "ж", user, password.RuleMaxBytes},
		{"64 ASCII characters", strings.Repeat("Tuvok-8 ", 8), user, ""},
		{"a tab", "tab\tbetween words", user, password.RuleCharacters},
		{"a line break", "two\nlines of text", user, password.RuleCharacters},
		{"equal to the username", "jsmith-jsmith", password.Account{Username: "jsmith-jsmith"}, password.RuleUsername},
		{"containing the username", "My name is JSmith ok", user, password.RuleUsername},
		{"containing the e-mail local part", "hello john.smith 42", user, password.RuleEmail},
		{"a 2-character username is not looked for", "ab bc cd de ef", password.Account{Username: "ab"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := password.Check(tc.pw, tc.a)
			if tc.rule == "" {
				if err != nil {
					t.Fatalf("Check(%q) = %v, want accepted", tc.pw, err)
				}
				return
			}
			var pe *password.Error
			if !errors.As(err, &pe) || pe.Rule != tc.rule {
				t.Fatalf("Check(%q) = %v, want rule %q", tc.pw, err, tc.rule)
			}
			if pe.Msg == "" {
				t.Fatal("empty message")
			}
		})
	}
}

// Code points are counted after NFC: "é" typed as e + combining accent is
// one character.
func TestLengthCountsNormalisedCodePoints(t *testing.T) {
	decomposed := strings.Repeat("e\u0301", 7) // 7 characters, 14 code points before NFC
	if err := password.Check(decomposed, password.Account{}); err == nil {
		t.Fatal("7 characters written decomposed were accepted")
	}
	if err := password.Check(decomposed+"z", password.Account{}); err != nil {
		t.Fatalf("8 characters written decomposed: %v", err)
	}
}

func TestCommonListIsLoaded(t *testing.T) {
	for _, pw := range []string{"123456", "dragon", "iloveyou", "trustno1"} {
		if !password.Common(pw) {
			t.Errorf("%q is not recognised as common", pw)
		}
	}
	if password.Common("violet oyster tundra") {
		t.Error("a random passphrase is called common")
	}
}
