package crud

import "context"

// SetPasswordHasher replaces the engine's password hasher until restore is called.
func SetPasswordHasher(f func(ctx context.Context, c *Call, plain string) (string, error)) (restore func()) {
	old := hashPassword
	hashPassword = f
	return func() { hashPassword = old }
}
