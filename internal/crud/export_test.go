package crud

import "context"

// SetPasswordHasher replaces the engine's password hasher until restore is called.
func SetPasswordHasher(f func(ctx context.Context, c *Call, plain string) (string, error)) (restore func()) {
	old := hashPassword
	hashPassword = f
	return func() { hashPassword = old }
}

// SetSearchProbe sets how many index matches make a q common on SQLite until
// restore is called.
func SetSearchProbe(n int) (restore func()) {
	old := searchProbe
	searchProbe = n
	return func() { searchProbe = old }
}

// SetDeepOffset sets the offset from which pages are read by a deferred join
// until restore is called.
func SetDeepOffset(n int) (restore func()) {
	old := deepOffset
	deepOffset = n
	return func() { deepOffset = old }
}
