// Package password is the service's password policy, applied wherever a
// password is set (account creates and updates, PUT /auth/me/password,
// POST /super-admin, crm admin create) and never at login, so hashes made
// under older rules keep working.
//
// It follows NIST SP 800-63B: a minimum length (8 characters, 12 for a
// super-admin), a generous maximum, any printable Unicode including spaces,
// no composition rules, and a check against a list of common passwords and
// against the account's own username and e-mail. Characters are Unicode code
// points counted after NFC normalisation.
//
// The maximum is 72 bytes of UTF-8, bcrypt's limit: bcrypt ignores what
// follows the 72nd byte, so a longer password would be accepted and silently
// cut. Passwords are refused past it rather than pre-hashed, because a
// pre-hash would need a second hash format that login tells apart from the
// plain bcrypt hashes already stored. 72 bytes are 72 ASCII characters (a
// passphrase of a dozen words), 36 Greek or Cyrillic letters, 24 CJK ones.
//
// The common-password list (common.txt, embedded) is the first 30,000 lines of
// data/passwords.txt in the Go module github.com/trustelem/zxcvbn v1.0.1
// (MIT licence, copyright 2018 Vincent Vanackere and Trustelem), which is
// zxcvbn's list of the most frequent passwords in Mark Burnett's 10 million
// leaked passwords (released into the public domain), in frequency order. It
// is rebuilt with:
//
//	go mod download github.com/trustelem/zxcvbn@v1.0.1
//	awk 'NR<=30000{print $1}' "$(go env GOMODCACHE)/github.com/trustelem/zxcvbn@v1.0.1/data/passwords.txt" > common.txt
//
// (sha256 6b2fb873ce7ecd512c395b523a52e8c3d30051003654bfeefb053b4537e8cf45).
package password

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The policy's numbers.
const (
	MinLength           = 8  // code points, after NFC
	MinLengthSuperAdmin = 12 // code points, after NFC
	MaxBytes            = 72 // UTF-8 bytes: bcrypt's limit
	// minNameLen is the shortest username or e-mail local part that a
	// password may not contain (usernames have at least 3 characters).
	minNameLen = 3
	// minCoreLen is the shortest common word recognised inside added
	// digits and symbols ("Summer2024!").
	minCoreLen = 4
)

// Account is what the policy knows about the account whose password is set.
// Every field may be empty.
type Account struct {
	Username   string
	Email      string
	SuperAdmin bool
}

// Rules reported in Error.Rule.
const (
	RuleCharacters = "characters"
	RuleMinLength  = "min_length"
	RuleMaxBytes   = "max_bytes"
	RuleUsername   = "username"
	RuleEmail      = "email"
	RuleCommon     = "common" // on the list, or a short unit repeated ("aaaaaaaa")
)

// Error is a password that breaks a rule. Msg is phrased to follow the input
// field's name: `"password" ` + Msg.
type Error struct {
	Rule string
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// Check returns nil when pw may be set for a, or an *Error naming the first
// rule it breaks.
func Check(pw string, a Account) error {
	if !utf8.ValidString(pw) {
		return &Error{RuleCharacters, "must be valid UTF-8 text"}
	}
	for _, r := range pw {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return &Error{RuleCharacters, "must contain only printable characters (spaces are allowed; tabs, line breaks and other control characters are not)"}
		}
	}
	n := norm.NFC.String(pw)
	min := MinLength
	if a.SuperAdmin {
		min = MinLengthSuperAdmin
	}
	if utf8.RuneCountInString(n) < min {
		if a.SuperAdmin {
			return &Error{RuleMinLength, fmt.Sprintf("must be at least %d characters for a super-admin", min)}
		}
		return &Error{RuleMinLength, fmt.Sprintf("must be at least %d characters", min)}
	}
	if len(pw) > MaxBytes || len(n) > MaxBytes {
		return &Error{RuleMaxBytes, fmt.Sprintf("must be at most %d bytes in UTF-8 (%d characters of plain ASCII, fewer with accented or non-Latin letters)", MaxBytes, MaxBytes)}
	}
	lower := strings.ToLower(n)
	if u := strings.ToLower(norm.NFC.String(strings.TrimSpace(a.Username))); utf8.RuneCountInString(u) >= minNameLen && strings.Contains(lower, u) {
		return &Error{RuleUsername, "must not contain the username"}
	}
	local, _, _ := strings.Cut(a.Email, "@")
	if l := strings.ToLower(norm.NFC.String(strings.TrimSpace(local))); utf8.RuneCountInString(l) >= minNameLen && strings.Contains(lower, l) {
		return &Error{RuleEmail, "must not contain the name of the e-mail address (the part before @)"}
	}
	if Common(n) {
		return &Error{RuleCommon, "is too common: it is on a list of passwords most often found in leaks (a few unrelated words make a strong one)"}
	}
	if repeats(lower) {
		return &Error{RuleCommon, "is too common: it repeats one to four characters (a few unrelated words make a strong one)"}
	}
	return nil
}

//go:embed common.txt
var commonTxt string

var commonSet = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 30000)
	for _, w := range strings.Split(commonTxt, "\n") {
		if w = strings.TrimSpace(w); w != "" {
			set[w] = struct{}{}
		}
	}
	return set
})

// leet undoes the usual character substitutions ("p@ssw0rd"); '1' is tried
// as both 'i' and 'l'.
var (
	leetI = strings.NewReplacer("@", "a", "4", "a", "8", "b", "3", "e", "6", "g", "9", "g", "1", "i", "!", "i", "0", "o", "$", "s", "5", "s", "7", "t", "+", "t", "2", "z")
	leetL = strings.NewReplacer("@", "a", "4", "a", "8", "b", "3", "e", "6", "g", "9", "g", "1", "l", "!", "i", "0", "o", "$", "s", "5", "s", "7", "t", "+", "t", "2", "z")
)

// Common reports whether pw, ignoring case, is on the common-password list,
// or is an entry of it with digits, symbols or spaces added before or after
// ("Password123!"), or with the usual substitutions ("P@ssw0rd").
func Common(pw string) bool {
	set := commonSet()
	lower := strings.ToLower(norm.NFC.String(pw))
	core := strings.TrimFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	candidates := []string{lower, core, leetI.Replace(lower), leetL.Replace(lower), leetI.Replace(core), leetL.Replace(core)}
	for i, c := range candidates {
		if i > 0 && utf8.RuneCountInString(c) < minCoreLen {
			continue
		}
		if _, ok := set[c]; ok {
			return true
		}
	}
	return false
}

// repeats reports a string that is one unit of up to four characters
// repeated ("aaaaaaaa", "abababab", "abcdabcd").
func repeats(s string) bool {
	r := []rune(s)
	for unit := 1; unit <= 4 && unit < len(r); unit++ {
		if len(r)%unit != 0 {
			continue
		}
		same := true
		for i := unit; i < len(r) && same; i++ {
			same = r[i] == r[i-unit]
		}
		if same {
			return true
		}
	}
	return false
}
