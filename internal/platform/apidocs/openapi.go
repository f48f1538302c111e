package apidocs

import "sort"

// SecurityDescription describes the bearer scheme in the OpenAPI document.
const SecurityDescription = "The JWT answered by `POST /auth/login` (`data.token`, valid 24 hours), sent as " +
	"`Authorization: Bearer <token>`. The web client stores the token with `JSON.stringify` and so sends it in " +
	"double quotes, `Authorization: Bearer \"<token>\"`; both forms are accepted. A missing, malformed, expired " +
	"or wrongly signed token is a 401; a valid token without the operation's permission (`x-permission`) is a 403."

// TagDescriptions describe the business areas (OpenAPI tags) the operations
// are grouped by. A tag missing here is still shown, without a description.
var TagDescriptions = map[string]string{
	"Accounts":      "Logging in, accounts of a company, super-admins, roles and their permissions.",
	"Calendar":      "The company's calendar over a range of days, and the same calendar as an iCalendar feed.",
	"Files":         "Uploads and downloads of the files attached to records.",
	"Billing":       "Project invoices, payments and expenses; sales invoices, quotations, revenue and credit notes.",
	"CRM":           "Pipelines and their stages, lead sources, tags, leads, deals and support tickets.",
	"Collaboration": "Notes, labels, notifications and the activity timeline of any record.",
	"Companies":     "Clients (companies, the tenants), their sub-clients and company settings. Mostly super-admin.",
	"HRM":           "Departments, designations, branches, employees, attendance, leaves, salaries, trainings, appreciations, announcements, events and meetings.",
	"Live updates":  "A server-sent event stream of the changes in the caller's company.",
	"Messaging":     "Messages between the accounts of a company.",
	"Projects":      "Projects, their members, tasks, milestones, reports and the task calendar.",
	"Recruitment":   "Jobs, skills, job applications and interview schedules.",
	"Sales":         "Customers, contracts, proposals, products, and the quotations and estimates of a lead, deal or project.",
	"Service":       "This document, the Postman collection and the service itself.",
	"Settings":      "Reference data of the Settings pages: currencies and countries.",
	"Subscriptions": "Plans, their features, and the plans assigned to clients.",
}

// TagGroups gather the business areas in the reference's menu
// (x-tagGroups, which Redoc reads); a tag in none of them goes to "Other".
var TagGroups = []struct {
	Name string
	Tags []string
}{
	{"Platform", []string{"Accounts", "Companies", "Subscriptions", "Settings", "Service"}},
	{"People (HRM)", []string{"HRM", "Recruitment"}},
	{"CRM and sales", []string{"CRM", "Sales"}},
	{"Projects and billing", []string{"Projects", "Billing"}},
	{"Collaboration", []string{"Collaboration", "Messaging", "Calendar", "Files", "Live updates"}},
}

// ErrorExample is the example of the error envelope (a 422).
var ErrorExample = map[string]any{"success": false, "message": `"department_name" is required`,
	"errors": []any{map[string]any{"field": "department_name", "message": `"department_name" is required`}}}

// Decorate adds to an OpenAPI document (as crud.OpenAPI builds it) what the
// reference page and the Postman collection show beyond the declarations:
// the auth scheme's description, the business areas' descriptions and an
// example of the error envelope, and the groups of business areas
// (x-tagGroups). It changes doc in place and returns it.
func Decorate(doc map[string]any) map[string]any {
	if info, ok := doc["info"].(map[string]any); ok {
		d, _ := info["description"].(string)
		// Redoc shows the security schemes where this marker stands.
		info["description"] = d + "\n\n# Authentication\n\n<!-- ReDoc-Inject: <security-definitions> -->"
	}
	comps, _ := doc["components"].(map[string]any)
	if schemes, ok := comps["securitySchemes"].(map[string]any); ok {
		if b, ok := schemes["bearer"].(map[string]any); ok {
			b["description"] = SecurityDescription
		}
	}
	if schemas, ok := comps["schemas"].(map[string]any); ok {
		if e, ok := schemas["Error"].(map[string]any); ok {
			e["example"] = ErrorExample
		}
	}
	present := map[string]bool{}
	if tags, ok := doc["tags"].([]any); ok {
		for _, t := range tags {
			if tm, ok := t.(map[string]any); ok {
				name, _ := tm["name"].(string)
				present[name] = true
				if d := TagDescriptions[name]; d != "" {
					tm["description"] = d
				}
			}
		}
	}
	var groups []any
	grouped := map[string]bool{}
	for _, g := range TagGroups {
		var tags []string
		for _, t := range g.Tags {
			if present[t] {
				tags = append(tags, t)
				grouped[t] = true
			}
		}
		if len(tags) > 0 {
			groups = append(groups, map[string]any{"name": g.Name, "tags": tags})
		}
	}
	var other []string
	for t := range present {
		if !grouped[t] {
			other = append(other, t)
		}
	}
	if len(other) > 0 {
		sort.Strings(other)
		groups = append(groups, map[string]any{"name": "Other", "tags": other})
	}
	if len(groups) > 0 {
		doc["x-tagGroups"] = groups
	}
	return doc
}
