// Package org implements the organisation of the platform: accounts of every
// kind (super-admins, clients who own a company, sub-clients, employees) in
// one principals table, login and sign-up, roles and permission documents,
// subscription plans with their enforced limits, platform features, and the
// company's departments, designations and branches, plus the activity log and
// notifications every area writes to.
//
// Rules that go beyond plain CRUD live next to the resource they guard:
// nobody grants a role or permission they do not hold (role.go, principal.go);
// plan seats are taken and freed atomically in the transaction that creates or
// deletes an account (subscription.go).
package org
