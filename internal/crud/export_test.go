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

// SetSearchWalkFactor sets how many rows a MariaDB search walk reads per row
// it wants, at most, until restore is called.
func SetSearchWalkFactor(n int) (restore func()) {
	old := searchWalkFactor
	searchWalkFactor = n
	return func() { searchWalkFactor = old }
}

// SearchWalks returns how many MariaDB search walks have answered a page.
func SearchWalks() int64 { return searchWalks.Load() }

// SetSearchWalkRows sets the most rows a MariaDB search walk is made for (0:
// none) until restore is called.
func SetSearchWalkRows(n int) (restore func()) {
	old := searchWalkRows
	searchWalkRows = n
	return func() { searchWalkRows = old }
}

// SearchProbes returns how many SQLite search probes have run.
func SearchProbes() int64 { return searchProbes.Load() }
