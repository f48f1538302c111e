// Package hr implements the HR module: attendance (with a bulk import),
// leave requests and their approval, employee salaries, trainings,
// appreciations, recruitment (jobs, job applications, interview schedules,
// skills), announcements, events and meetings.
//
// Every resource is declared through the resource engine (internal/crud), so
// it gets company scoping, permission checks, validation, audit columns, the
// activity log and its OpenAPI description from the declaration. This package
// adds the business rules the original service lacked; each rule is stated in
// the resource's Doc, which the OpenAPI document shows on its operations.
package hr
