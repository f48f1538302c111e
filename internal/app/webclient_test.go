package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

// The walk below replays, page by page, every call the original's web client
// makes (/work/shared/spec/web-client.md, section 4, at the pinned commit)
// with the body its form sends, and checks that each one is answered as the
// client needs: the route exists, a valid body gets a 2xx, the answer is the
// {success, message, data} envelope, and the fields the page reads are in
// data (for lists: data is an array whose rows carry them).
//
// Skipped groups, not ported yet: file uploads (no call of the pinned client
// reaches the backend: antd's <Upload> posts to a dead template URL, see
// web-client.md 3.5), messages, the calendar and mail (the pinned client's
// pages make no call to them; the original's /messages, /calendar and /mail
// routes are not ported).

// wcCall is one call of the web client.
type wcCall struct {
	page   string
	method string
	path   string // under /api/v1; {name} is replaced by a saved id
	as     string // "" the company owner, "sa" the super-admin, "emp" the employee
	body   func(ids map[string]string) map[string]any
	list   bool     // data is an array whose rows carry reads
	reads  []string // fields the page reads from data
	// unserved are fields the page reads that the original never served
	// either (its model has no such attribute, so the cell is blank against
	// it too, web-client.md section 4); they stay absent here.
	unserved []string
	// shapes are the JSON types the page relies on ("string", "object",
	// "array"), for values it parses or iterates (web-client.md 3.4).
	shapes map[string]string
	// want are values data must hold after the call (what the edit form
	// changed); {name} in a string is replaced by a saved id.
	want   map[string]any
	save   string // saves data.id under this name
	status int    // the status wanted when it is not any 2xx
	field  string // with status: the field the error names
}

func TestWebClientCallsAreAnswered(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	sa := e.SuperAdmin()
	u := testkit.Unique()

	// The client logs in with the owner's e-mail and uses data.user.id as
	// the parent of its labels (/labels/<own id>).
	login := e.Must(200, "POST", "/api/v1/auth/login/", "", map[string]any{"login": co.Username + "@example.com", "password": testkit.Password})
	wantEnvelope(t, "POST /auth/login", login)
	wantFields(t, "POST /auth/login", login.Data(), "token", "user")
	user, _ := login.Data()["user"].(map[string]any)
	wantFields(t, "POST /auth/login data.user", user, "id", "username", "role_id")
	if _, ok := user["password"]; ok {
		t.Errorf("login answers the password hash")
	}
	owner := fmt.Sprint(login.Data()["token"])
	ids := map[string]string{"self": fmt.Sprint(user["id"])}

	// Fixtures the client's forms pick from dropdowns: a role to give users.
	ids["role"] = e.Must(201, "POST", "/api/v1/roles", owner, map[string]any{"role_name": "Staff " + u,
		"permissions": authz.Perms{"crm": {"lead": {"view": true}}}}).ID()

	calls := []wcCall{
		// Dashboard header and Users pages.
		{page: "dashboard", method: "GET", path: "/roles/", list: true, reads: []string{"id", "role_name"}},
		{page: "users", method: "POST", path: "/auth/signup/", save: "user", body: func(map[string]string) map[string]any {
			return map[string]any{"username": "us" + u, "email": "us" + u + "@example.com", "role_id": ids["role"], "password": testkit.Password}
		}},
		{page: "users", method: "GET", path: "/users/", list: true, reads: []string{"id", "username", "email", "updatedAt"}},
		{page: "users", method: "PUT", path: "/users/{user}", reads: []string{"id"}, body: func(ids map[string]string) map[string]any {
			return map[string]any{"username": "ux" + u, "email": "ux" + u + "@example.com", "role_id": ids["role"]}
		}},

		// Companies (super-admin) and sub-clients (the client dropdown of deals, contracts and projects).
		{page: "companies", as: "sa", method: "POST", path: "/clients/", save: "client", body: func(map[string]string) map[string]any {
			return map[string]any{"username": "cl" + u, "email": "cl" + u + "@example.com", "password": testkit.Password, "loginEnabled": true}
		}},
		{page: "companies", as: "sa", method: "GET", path: "/clients/", list: true, reads: []string{"id", "username", "email"}},
		{page: "companies", as: "sa", method: "PUT", path: "/clients/{client}", body: func(map[string]string) map[string]any {
			return map[string]any{"username": "cy" + u, "email": "cy" + u + "@example.com"}
		}},
		{page: "sub-clients", method: "POST", path: "/sub-clients/", save: "subclient", body: func(map[string]string) map[string]any {
			return map[string]any{"username": "sc" + u, "email": "sc" + u + "@example.com", "password": testkit.Password}
		}},
		{page: "sub-clients", method: "GET", path: "/sub-clients/", list: true, reads: []string{"id", "username", "email"}},
		{page: "sub-clients", method: "PUT", path: "/sub-clients/{subclient}", body: func(map[string]string) map[string]any {
			return map[string]any{"username": "sy" + u, "email": "sy" + u + "@example.com"}
		}},

		// HRM.
		{page: "employees", method: "POST", path: "/employees/", save: "employee", body: func(map[string]string) map[string]any {
			return map[string]any{"firstName": "Asha", "lastName": "Rao", "username": "em" + u, "password": testkit.Password,
				"email": "em" + u + "@example.com", "phone": "9876543210", "address": "1 Main St", "joiningDate": "2025-01-06",
				"leaveDate": nil, "employeeId": "E-1", "department": "Engineering", "designation": "Developer", "salary": "50000",
				"accountholder": "Asha Rao", "accountnumber": "12345678", "bankname": "State Bank", "ifsc": "SBIN0001",
				"banklocation": "Pune"}
		}},
		{page: "employees", method: "GET", path: "/employees/", list: true,
			reads: []string{"id", "firstName", "banklocation", "department", "designation", "joiningDate"}},
		{page: "employees", method: "PUT", path: "/employees/{employee}", want: map[string]any{"banklocation": "Mumbai"}, body: func(map[string]string) map[string]any {
			return map[string]any{"firstName": "Asha", "lastName": "Rao", "phone": "9876543210", "banklocation": "Mumbai"}
		}},
		{page: "departments", method: "POST", path: "/departments/", save: "department", body: func(map[string]string) map[string]any {
			return map[string]any{"department_name": "Engineering"}
		}},
		{page: "departments", method: "GET", path: "/departments/", list: true, reads: []string{"id", "department_name"}},
		{page: "departments", method: "PUT", path: "/departments/{department}", body: func(map[string]string) map[string]any {
			return map[string]any{"department_name": "Research"}
		}},
		{page: "designations", method: "POST", path: "/designations/", save: "designation", body: func(map[string]string) map[string]any {
			return map[string]any{"designation_name": "Developer"}
		}},
		{page: "designations", method: "GET", path: "/designations/", list: true, reads: []string{"id", "designation_name"}},
		{page: "designations", method: "PUT", path: "/designations/{designation}", body: func(map[string]string) map[string]any {
			return map[string]any{"designation_name": "Architect"}
		}},
		// The leave list reads employee_id and remark, which are answered under
		// their canonical names (README, Differences from the original, "Web-client
		// requests the original refused": the aliases are read on input only).
		{page: "leaves", method: "POST", path: "/leaves/", save: "leave", body: func(ids map[string]string) map[string]any {
			return map[string]any{"employee_id": ids["employee"], "leaveType": "casual", "startDate": "2025-02-03",
				"endDate": "2025-02-04", "reason": "Family visit", "remark": "Back on Wednesday"}
		}},
		{page: "leaves", method: "GET", path: "/leaves/", list: true,
			reads:    []string{"id", "employeeId", "leaveType", "startDate", "endDate", "reason", "remarks", "status"},
			unserved: []string{"employee_id", "remark"}},
		{page: "leaves", method: "PUT", path: "/leaves/{leave}", want: map[string]any{"remarks": "Approved", "status": "approved"}, body: func(ids map[string]string) map[string]any {
			return map[string]any{"id": ids["leave"], "employee_id": ids["employee"], "leaveType": "casual", "startDate": "2025-02-03",
				"endDate": "2025-02-04", "reason": "Family visit", "remark": "Approved", "status": "approved"}
		}},
		{page: "meetings", method: "POST", path: "/meetings/", save: "meeting", body: func(ids map[string]string) map[string]any {
			return map[string]any{"department": ids["department"], "employee": ids["employee"], "title": "Sprint review",
				"date": "2025-02-10", "startTime": "10:00:00", "description": "Demo of the sprint"}
		}},
		{page: "meetings", method: "GET", path: "/meetings/", list: true, reads: []string{"id", "title", "date", "startTime", "description"}},
		{page: "meetings", method: "PUT", path: "/meetings/{meeting}", body: func(ids map[string]string) map[string]any {
			return map[string]any{"title": "Sprint review 2", "date": "2025-02-11", "startTime": "10:30:00", "description": "Moved"}
		}},
		// The form never sends endTime, and an update without it keeps the
		// current end (10:00 + 1 h), so moving the start to or past it is a 422
		// (README, Differences from the original, "Web-client requests the
		// original refused"; the meeting's Doc).
		{page: "meetings", method: "PUT", path: "/meetings/{meeting}", status: 422, field: "endTime", body: func(ids map[string]string) map[string]any {
			return map[string]any{"title": "Sprint review 2", "date": "2025-02-11", "startTime": "11:00:00", "description": "Moved"}
		}},
		{page: "announcements", method: "POST", path: "/announcements/", save: "announcement", body: func(map[string]string) map[string]any {
			return map[string]any{"title": "Holiday", "description": "Office closed on Friday"}
		}},
		{page: "announcements", method: "GET", path: "/announcements/", list: true, reads: []string{"id", "title", "description"}},
		{page: "events", method: "POST", path: "/events/", save: "event", body: func(ids map[string]string) map[string]any {
			return map[string]any{"EventTitle": "Offsite", "EventManager": ids["employee"], "EventDate": "2025-03-01", "EventTime": "09:30"}
		}},
		{page: "events", method: "GET", path: "/events/", list: true, reads: []string{"id", "EventTitle", "EventManager", "EventDate", "EventTime"}},
		{page: "events", method: "GET", path: "/events/{event}", reads: []string{"id", "EventTitle", "EventManager", "EventDate", "EventTime"}},
		{page: "events", method: "PUT", path: "/events/{event}", body: func(ids map[string]string) map[string]any {
			return map[string]any{"EventTitle": "Offsite 2", "EventManager": ids["employee"], "EventDate": "2025-03-02", "EventTime": "10:00"}
		}},
		{page: "jobs", method: "POST", path: "/jobs/", save: "job", body: func(ids map[string]string) map[string]any {
			return map[string]any{"title": "Go engineer", "category": "Engineering", "skills": map[string]any{"Skills": []string{"Go", "SQL"}},
				"location": "Pune", "interviewRounds": map[string]any{"InterviewRounds": []string{"Screen", "Onsite"}},
				"startDate": "2025-02-01", "endDate": "2025-03-01", "recruiter": ids["employee"], "jobType": "Full time",
				"workExperience": "3 years", "currency": "INR", "description": "Backend work", "status": "active", "expectedSalary": "1200000"}
		}},
		{page: "jobs", method: "GET", path: "/jobs/", list: true, reads: []string{"id", "title", "startDate", "endDate", "status"}},
		{page: "jobs", method: "PUT", path: "/jobs/{job}", body: func(map[string]string) map[string]any {
			return map[string]any{"title": "Senior Go engineer", "status": "inactive"}
		}},
		{page: "trainings", method: "POST", path: "/trainings/", save: "training", body: func(map[string]string) map[string]any {
			return map[string]any{"category": "Onboarding", "links": map[string]any{"intro": "https://example.com/intro"}}
		}},
		{page: "trainings", method: "GET", path: "/trainings/", list: true, reads: []string{"id", "category", "links"},
			shapes: map[string]string{"links": "string"}},
		{page: "trainings", method: "PUT", path: "/trainings/{training}", body: func(map[string]string) map[string]any {
			return map[string]any{"category": "Security", "links": map[string]any{"intro": "https://example.com/sec"}}
		}},

		// CRM system setup: pipelines, stages, sources and contract types (labels).
		{page: "pipelines", method: "POST", path: "/pipelines/", save: "pipeline", body: func(map[string]string) map[string]any {
			return map[string]any{"pipeline_name": "Sales " + u}
		}},
		{page: "pipelines", method: "GET", path: "/pipelines/", list: true, reads: []string{"id", "pipeline_name"}},
		{page: "pipelines", method: "PUT", path: "/pipelines/{pipeline}", body: func(map[string]string) map[string]any {
			return map[string]any{"pipeline_name": "Sales B " + u}
		}},
		{page: "lead stages", method: "POST", path: "/stages/", save: "leadstage", body: func(ids map[string]string) map[string]any {
			return map[string]any{"stageName": "Contacted", "pipeline": ids["pipeline"], "stageType": "lead"}
		}},
		{page: "deal stages", method: "POST", path: "/stages/", save: "dealstage", body: func(ids map[string]string) map[string]any {
			return map[string]any{"stageName": "Negotiation", "pipeline": ids["pipeline"], "stageType": "deal"}
		}},
		{page: "stages", method: "GET", path: "/stages/", list: true, reads: []string{"id", "stageName", "pipeline", "stageType"}},
		{page: "stages", method: "PUT", path: "/stages/{leadstage}", body: func(ids map[string]string) map[string]any {
			return map[string]any{"stageName": "Qualified", "pipeline": ids["pipeline"], "stageType": "lead"}
		}},
		{page: "labels", method: "POST", path: "/labels/{self}", save: "label", body: func(map[string]string) map[string]any {
			return map[string]any{"name": "Urgent " + u}
		}},
		{page: "sources", method: "POST", path: "/labels/{self}", save: "sourcelabel", body: func(map[string]string) map[string]any {
			return map[string]any{"name": "Website " + u, "labelType": "source"}
		}},
		{page: "labels", method: "GET", path: "/labels/{self}", list: true, reads: []string{"id", "name"}},
		{page: "labels", method: "PUT", path: "/labels/{label}", want: map[string]any{"related_id": "{self}"}, body: func(map[string]string) map[string]any {
			return map[string]any{"name": "Very urgent " + u}
		}},

		// Leads: the create body is the one the E2E trial recorded (web-client.md section 6).
		{page: "leads", method: "POST", path: "/leads/", save: "lead", body: func(map[string]string) map[string]any {
			return map[string]any{"leadTitle": "E2E lead", "firstName": "Eve", "lastName": "Tester", "telephone": "9876543210",
				"email": "eve@example.com", "leadValue": "1000", "currencyIcon": nil, "assigned": "", "status": "new", "notes": "",
				"source": "", "category": "", "lastContacted": nil, "totalBudget": "", "targetDate": nil, "contentType": "", "brandName": ""}
		}},
		// The list's companyName column never matches the model's company_name,
		// so it is blank against the original too (web-client.md, notes on leads).
		{page: "leads", method: "GET", path: "/leads/", list: true, reads: []string{"id", "firstName", "category", "company_name", "status",
			"leadTitle", "lastName", "telephone", "email", "assigned", "source", "notes"}, unserved: []string{"companyName"}},
		{page: "leads", method: "PUT", path: "/leads/{lead}", want: map[string]any{"status": "contacted", "notes": "Called", "category": "Web"}, body: func(map[string]string) map[string]any {
			return map[string]any{"leadTitle": "E2E lead", "firstName": "Eve", "lastName": "Tester", "telephone": "9876543210",
				"email": "eve@example.com", "leadValue": "1500", "currencyIcon": nil, "assigned": "", "status": "contacted", "notes": "Called",
				"source": "", "category": "Web", "lastContacted": nil, "totalBudget": "", "targetDate": nil, "contentType": "", "brandName": ""}
		}},

		// Deals. The list reads clients, which the original's Deal model does
		// not have either (its client column is blank there too).
		{page: "deals", method: "POST", path: "/deals/", save: "deal", body: func(ids map[string]string) map[string]any {
			return map[string]any{"dealName": "Big deal", "phoneNumber": "9876543210", "price": "25000", "clients": ids["subclient"],
				"leadTitle": ids["lead"], "pipeline": ids["pipeline"], "stage": ids["dealstage"], "currency": "INR",
				"closedDate": "2025-04-01", "category": "Enterprise", "project": ""}
		}},
		{page: "deals", method: "GET", path: "/deals/", list: true, reads: []string{"id", "dealName", "price", "status"}, unserved: []string{"clients"}},
		{page: "deals", method: "PUT", path: "/deals/{deal}", want: map[string]any{"dealName": "Bigger deal"}, body: func(ids map[string]string) map[string]any {
			return map[string]any{"dealName": "Bigger deal", "phoneNumber": "9876543210", "price": "30000", "clients": ids["subclient"]}
		}},

		// Projects and their members.
		{page: "projects", method: "POST", path: "/projects/", save: "project", body: func(ids map[string]string) map[string]any {
			return map[string]any{"project_name": "Website " + u, "project_category": "Web", "startDate": "2025-01-01",
				"endDate": "2025-06-30", "client": ids["subclient"], "user": ids["employee"], "budget": "100000",
				"estimatedmonths": "6", "estimatedhours": "900", "project_description": "A new site", "tag": "web", "status": "in-progress"}
		}},
		{page: "projects", method: "GET", path: "/projects/", list: true,
			reads:  []string{"id", "project_name", "startDate", "endDate", "client", "budget", "status", "project_members"},
			shapes: map[string]string{"project_members": "string"}},
		{page: "projects", method: "PUT", path: "/projects/{project}", body: func(ids map[string]string) map[string]any {
			return map[string]any{"project_name": "Website 2 " + u, "budget": "120000", "status": "on-hold"}
		}},
		{page: "project members", method: "POST", path: "/projects/membersadd/{project}", body: func(ids map[string]string) map[string]any {
			return map[string]any{"project_members": []string{ids["employee"]}}
		}},
		{page: "project members", method: "GET", path: "/projects/{project}", reads: []string{"id", "project_members"},
			want:   map[string]any{"project_members": `{"project_members":["{employee}"]}`},
			shapes: map[string]string{"project_members": "string"}},
		{page: "project members", method: "POST", path: "/projects/membersdelete/{project}", body: func(ids map[string]string) map[string]any {
			return map[string]any{"project_members": map[string]any{"project_members": []string{ids["employee"]}}}
		}},
		{page: "project members", method: "GET", path: "/projects/{project}", reads: []string{"id", "project_members"},
			want: map[string]any{"project_members": `{"project_members":[]}`}},
		{page: "project tags", method: "POST", path: "/tags/", save: "tag", body: func(map[string]string) map[string]any {
			return map[string]any{"name": "Priority " + u}
		}},
		{page: "project tags", method: "GET", path: "/tags/", list: true, reads: []string{"id", "name"}},

		// Contracts.
		{page: "contracts", method: "POST", path: "/contracts/", save: "contract", body: func(ids map[string]string) map[string]any {
			return map[string]any{"subject": "Support " + u, "client": ids["subclient"], "project": ids["project"], "type": "Service",
				"startDate": "2025-01-01", "endDate": "2025-12-31", "value": "12000", "description": "Annual support"}
		}},
		{page: "contracts", method: "GET", path: "/contracts/", list: true,
			reads: []string{"id", "subject", "client", "project", "type", "startDate", "endDate", "value", "description"}},
		{page: "contracts", method: "PUT", path: "/contracts/{contract}", body: func(ids map[string]string) map[string]any {
			return map[string]any{"subject": "Support+ " + u, "client": ids["subclient"], "project": ids["project"], "type": "Service",
				"startDate": "2025-01-01", "endDate": "2025-12-31", "value": "15000", "description": "Renewed"}
		}},

		// Project-scoped pages: GET and POST take the project id, PUT and DELETE the row's.
		// The task list reads the edit form's names (taskTitle, taskDate, ...),
		// which the original's Task model never had: the columns are blank against
		// it too (web-client.md, notes on projects); the canonical names are served.
		{page: "tasks", method: "POST", path: "/tasks/{project}", save: "task", body: func(ids map[string]string) map[string]any {
			return map[string]any{"taskName": "Wireframes", "category": "Design", "project": ids["project"], "startDate": "2025-01-02",
				"dueDate": "2025-01-20", "assignTo": []string{ids["employee"]}, "description": "Home page", "status": "todo", "priority": "high"}
		}},
		{page: "tasks", method: "GET", path: "/tasks/{project}", list: true,
			reads:    []string{"id", "taskName", "startDate", "priority", "project", "status"},
			unserved: []string{"taskTitle", "taskDate", "taskPriority", "projectName", "taskStatus"}},
		{page: "tasks", method: "PUT", path: "/tasks/{task}", want: map[string]any{"taskName": "Wireframes v2", "status": "doing",
			"priority": "medium", "description": "Home and about", "startDate": "2025-01-03"}, body: func(ids map[string]string) map[string]any {
			return map[string]any{"taskTitle": "Wireframes v2", "TaskCategory": "Design", "projectName": ids["project"], "taskDate": "2025-01-03",
				"dueDate": "2025-01-21", "AssignTo": []string{ids["employee"]}, "taskDescription": "Home and about", "taskStatus": "doing",
				"taskPriority": "medium"}
		}},
		{page: "notifications", as: "emp", method: "GET", path: "/notifications/", list: true, reads: []string{"title", "message", "updatedAt"},
			unserved: []string{"type", "icon", "img"}},
		{page: "milestones", method: "POST", path: "/milestones/{project}", save: "milestone", body: func(map[string]string) map[string]any {
			return map[string]any{"milestone_title": "Beta", "currency": "INR", "milestone_cost": "5000", "milestone_status": "incomplete",
				"add_cost_to_project_budget": "false", "milestone_summary": "Beta release", "milestone_start_date": "2025-02-01",
				"milestone_end_date": "2025-03-01"}
		}},
		{page: "milestones", method: "GET", path: "/milestones/{project}", list: true, reads: []string{"id", "milestone_title", "currency",
			"milestone_cost", "milestone_status", "add_cost_to_project_budget", "milestone_summary", "milestone_start_date", "milestone_end_date"}},
		{page: "milestones", method: "GET", path: "/milestones/{milestone}", reads: []string{"id", "milestone_title"}},
		{page: "milestones", method: "PUT", path: "/milestones/{milestone}", body: func(map[string]string) map[string]any {
			return map[string]any{"milestone_title": "Beta 2", "milestone_cost": "6000", "milestone_status": "complete"}
		}},
		{page: "expenses", method: "POST", path: "/expenses/{project}", save: "expense", body: func(ids map[string]string) map[string]any {
			return map[string]any{"item": "Laptop", "currency": "INR", "price": "85000", "purchase_date": "2025-01-15",
				"employee": ids["employee"], "project": ids["project"], "PurchasedFrom": "Store", "description": "Dev laptop"}
		}},
		{page: "expenses", method: "GET", path: "/expenses/{project}", list: true, reads: []string{"id", "item", "price", "employee", "currency", "purchase_date"}},
		{page: "expenses", method: "PUT", path: "/expenses/{expense}", body: func(map[string]string) map[string]any {
			return map[string]any{"item": "Laptop 2", "price": "90000"}
		}},
		{page: "invoices", method: "POST", path: "/invoices/{project}", save: "invoice", body: func(ids map[string]string) map[string]any {
			return map[string]any{"issueDate": "2025-01-10", "dueDate": "2999-12-31", "currency": "INR", "client": ids["subclient"],
				"project": ids["project"], "calctax": "after",
				"items": []any{map[string]any{"item": "Design", "quantity": 1, "price": 20000, "tax": 18, "amount": 20000, "description": "Design work"}}}
		}},
		{page: "invoices", method: "GET", path: "/invoices/{project}", list: true, reads: []string{"id", "issueDate", "dueDate", "currency", "client", "items"},
			shapes: map[string]string{"items": "array"}},
		{page: "invoices", method: "PUT", path: "/invoices/{invoice}", body: func(ids map[string]string) map[string]any {
			return map[string]any{"issueDate": "2025-01-11", "dueDate": "2999-12-31", "currency": "INR", "client": ids["subclient"],
				"project": ids["project"], "calctax": "after",
				"items": []any{map[string]any{"item": "Design", "quantity": 2, "price": 20000, "tax": 18}}}
		}},
		// The payment list reads status, which the original's Payment model has
		// not got either (web-client.md, project-scoped resources).
		{page: "payments", method: "POST", path: "/payments/{project}", save: "payment", body: func(ids map[string]string) map[string]any {
			return map[string]any{"project": ids["project"], "invoice": ids["invoice"], "paidOn": "2025-01-20", "amount": "1000",
				"currency": "INR", "transactionId": "TXN-1", "paymentMethod": "Bank transfer", "remark": "First part"}
		}},
		{page: "payments", method: "GET", path: "/payments/{project}", list: true,
			reads: []string{"project", "invoice", "paidOn", "amount", "currency", "transactionId", "paymentMethod", "remark"}, unserved: []string{"status"}},
		{page: "payments", method: "PUT", path: "/payments/{payment}", body: func(ids map[string]string) map[string]any {
			return map[string]any{"amount": "1200", "remark": "Corrected"}
		}},
		{page: "products", method: "POST", path: "/products/{project}", save: "product", body: func(map[string]string) map[string]any {
			return map[string]any{"name": "Hosting", "price": "1999", "category": "Services", "sku": "HOST-1", "hsn_sac": "998315", "description": "One year"}
		}},
		{page: "products", method: "GET", path: "/products/{project}", list: true, reads: []string{"id", "name", "price", "category", "sku", "hsn_sac", "description"}},
		{page: "products", method: "PUT", path: "/products/{product}", body: func(map[string]string) map[string]any {
			return map[string]any{"name": "Hosting Pro", "price": "2999"}
		}},
		{page: "notes", method: "POST", path: "/notes/{project}", save: "note", body: func(ids map[string]string) map[string]any {
			return map[string]any{"note_title": "Kick-off", "notetype": "public", "description": "Agenda", "employees": map[string]any{"id": []string{ids["employee"]}}}
		}},
		{page: "notes", method: "GET", path: "/notes/{project}", list: true, reads: []string{"id", "note_title", "notetype", "employees"},
			shapes: map[string]string{"employees": "object"}},
		{page: "notes", method: "PUT", path: "/notes/{note}", want: map[string]any{"note_title": "Kick-off 2", "related_id": "{project}"}, body: func(ids map[string]string) map[string]any {
			return map[string]any{"note_title": "Kick-off 2", "notetype": "private", "employees": map[string]any{"id": []string{ids["employee"]}}}
		}},
		{page: "estimates", method: "POST", path: "/estimates/{project}", save: "estimate", body: func(map[string]string) map[string]any {
			return map[string]any{"valid_till": "2025-03-01", "client": "Globex", "currency": "INR",
				"items": []any{map[string]any{"name": "Design", "quantity": 1, "price": 1000}}}
		}},
		{page: "estimates", method: "GET", path: "/estimates/{project}", list: true, reads: []string{"id", "valid_till", "client", "items"}},
		// The Sales › Estimates page has no project in its route and calls
		// /estimates/undefined (README, Parent-scoped collections: the company's estimates).
		{page: "sales estimates", method: "GET", path: "/estimates/undefined", list: true, reads: []string{"id", "valid_till", "client", "items"}},
		{page: "estimates", method: "PUT", path: "/estimates/{estimate}", body: func(map[string]string) map[string]any {
			return map[string]any{"client": "Initech"}
		}},
		{page: "activity", method: "GET", path: "/activities/{project}", list: true, reads: []string{"id", "activity_message", "performed_by"}},

		// Task calendar.
		{page: "task calendar", method: "POST", path: "/taskcalendars/", save: "taskcalendar", body: func(map[string]string) map[string]any {
			return map[string]any{"taskName": "Call supplier", "taskDescription": "Ask for quotes", "taskDate": "2025-02-05", "taskTime": "15:00"}
		}},
		{page: "task calendar", method: "GET", path: "/taskcalendars/", list: true, reads: []string{"id", "taskName", "taskDescription", "taskDate", "taskTime"}},
		{page: "task calendar", method: "PUT", path: "/taskcalendars/{taskcalendar}", want: map[string]any{"taskName": "Call supplier again", "taskDate": "2025-02-06"}, body: func(map[string]string) map[string]any {
			return map[string]any{"taskName": "Call supplier again", "taskDescription": "Follow up", "taskDate": "2025-02-06", "taskTime": "16:00"}
		}},

		// Support, settings, plans.
		{page: "tickets", method: "POST", path: "/tickets/", save: "ticket", body: func(map[string]string) map[string]any {
			return map[string]any{"ticketSubject": "Cannot log in", "requestor": "Eve", "priority": "high", "status": "open",
				"endDate": "2025-02-01", "description": "Password reset fails", "attachment": ""}
		}},
		{page: "tickets", method: "GET", path: "/tickets/", list: true, reads: []string{"id", "ticketSubject", "requestor", "priority", "status", "description"}},
		{page: "tickets", method: "PUT", path: "/tickets/{ticket}", want: map[string]any{"status": "resolved", "priority": "medium"}, body: func(map[string]string) map[string]any {
			return map[string]any{"ticketSubject": "Cannot log in", "requestor": "Eve", "priority": "medium", "status": "resolved",
				"endDate": "2025-02-01", "description": "Fixed", "attachment": ""}
		}},
		// The plan form sends no currency, which plans require, as the
		// original's POST /subscriptions did: /subscriptions/plans answers exactly
		// as /subscriptions (README, Differences from the original, "Web-client
		// requests the original refused"). With a currency it is created. The
		// form's trial (like max_customers, max_vendors and description) is no
		// attribute of the original's plan either.
		{page: "plans", as: "sa", method: "POST", path: "/subscriptions/plans", status: 422, field: "currency", body: func(map[string]string) map[string]any {
			return planForm(u)
		}},
		{page: "plans", as: "sa", method: "POST", path: "/subscriptions/plans", save: "plan", body: func(map[string]string) map[string]any {
			b := planForm(u)
			b["currency"] = "USD"
			return b
		}},
		{page: "plans", as: "sa", method: "GET", path: "/subscriptions/plans", list: true, reads: []string{"id", "name", "price", "duration", "status"},
			unserved: []string{"trial"}},
		{page: "plans", as: "sa", method: "PUT", path: "/subscriptions/plans/{plan}", body: func(map[string]string) map[string]any {
			return map[string]any{"name": "Starter+ " + u, "price": "19.99"}
		}},
		{page: "countries", method: "POST", path: "/countries/", save: "country", body: func(map[string]string) map[string]any {
			return map[string]any{"name": "Zedland", "shortcode": "QZ", "phonecode": "+999"}
		}},
		{page: "countries", method: "GET", path: "/countries/", list: true, reads: []string{"countryName", "countryCode", "phoneCode"}},
		{page: "currencies", method: "GET", path: "/currencies/", list: true, reads: []string{"id", "currencyName", "currencyIcon", "currencyCode"}},

		// Deletes, children before their parents.
		{page: "estimates", method: "DELETE", path: "/estimates/{estimate}"},
		{page: "notes", method: "DELETE", path: "/notes/{note}"},
		{page: "products", method: "DELETE", path: "/products/{product}"},
		{page: "payments", method: "DELETE", path: "/payments/{payment}"},
		{page: "invoices", method: "DELETE", path: "/invoices/{invoice}"},
		{page: "expenses", method: "DELETE", path: "/expenses/{expense}"},
		{page: "milestones", method: "DELETE", path: "/milestones/{milestone}"},
		{page: "tasks", method: "DELETE", path: "/tasks/{task}"},
		{page: "contracts", method: "DELETE", path: "/contracts/{contract}"},
		{page: "projects", method: "DELETE", path: "/projects/{project}"},
		{page: "deals", method: "DELETE", path: "/deals/{deal}"},
		{page: "leads", method: "DELETE", path: "/leads/{lead}"},
		{page: "labels", method: "DELETE", path: "/labels/{label}"},
		{page: "sources", method: "DELETE", path: "/labels/{sourcelabel}"},
		{page: "stages", method: "DELETE", path: "/stages/{leadstage}"},
		{page: "stages", method: "DELETE", path: "/stages/{dealstage}"},
		{page: "pipelines", method: "DELETE", path: "/pipelines/{pipeline}"},
		{page: "task calendar", method: "DELETE", path: "/taskcalendars/{taskcalendar}"},
		{page: "tickets", method: "DELETE", path: "/tickets/{ticket}"},
		{page: "trainings", method: "DELETE", path: "/trainings/{training}"},
		{page: "jobs", method: "DELETE", path: "/jobs/{job}"},
		{page: "events", method: "DELETE", path: "/events/{event}"},
		{page: "announcements", method: "DELETE", path: "/announcements/{announcement}"},
		{page: "meetings", method: "DELETE", path: "/meetings/{meeting}"},
		{page: "leaves", method: "DELETE", path: "/leaves/{leave}"},
		{page: "designations", method: "DELETE", path: "/designations/{designation}"},
		{page: "departments", method: "DELETE", path: "/departments/{department}"},
		{page: "users", method: "DELETE", path: "/users/{user}"},
		{page: "sub-clients", method: "DELETE", path: "/sub-clients/{subclient}"},
		{page: "employees", method: "DELETE", path: "/employees/{employee}"},
		{page: "companies", as: "sa", method: "DELETE", path: "/clients/{client}"},
		{page: "plans", as: "sa", method: "DELETE", path: "/subscriptions/plans/{plan}"},
	}

	var empToken string
	for _, call := range calls {
		path := "/api/v1" + expand(t, call.path, ids)
		name := call.page + ": " + call.method + " " + call.path
		token := owner
		switch call.as {
		case "sa":
			token = sa
		case "emp":
			if empToken == "" {
				empToken = e.Login("em"+u+"@example.com", testkit.Password)
			}
			token = empToken
		}
		var body any
		if call.body != nil {
			body = call.body(ids)
		}
		// The client sends its token wrapped in double quotes (web-client.md 3.2).
		r := e.Do(call.method, path, `"`+token+`"`, body)
		if r.Status == http.StatusNotFound && r.Message() == "Route not found" || r.Status == http.StatusMethodNotAllowed {
			t.Errorf("%s: no such route (%d %s)", name, r.Status, r.Raw)
			continue
		}
		if call.status != 0 {
			wantError(t, name, r, call.status, call.field)
			continue
		}
		if r.Status < 200 || r.Status > 299 {
			t.Errorf("%s: status %d: %s", name, r.Status, r.Raw)
			continue
		}
		wantEnvelope(t, name, r)
		if call.list {
			rows, ok := r.Body["data"].([]any)
			if !ok {
				t.Errorf("%s: data is not an array: %s", name, r.Raw)
				continue
			}
			if len(rows) == 0 {
				t.Errorf("%s: empty list, nothing to check the fields on", name)
				continue
			}
			for i, row := range rows {
				m, _ := row.(map[string]any)
				wantFields(t, fmt.Sprintf("%s row %d", name, i), m, call.reads...)
				wantAbsent(t, fmt.Sprintf("%s row %d", name, i), m, call.unserved...)
				wantShapes(t, fmt.Sprintf("%s row %d", name, i), m, call.shapes)
			}
		} else if call.method != "DELETE" {
			if _, ok := r.Body["data"]; !ok {
				t.Errorf("%s: answer has no data: %s", name, r.Raw)
				continue
			}
			wantFields(t, name, r.Data(), call.reads...)
			wantAbsent(t, name, r.Data(), call.unserved...)
			wantShapes(t, name, r.Data(), call.shapes)
			for f, v := range call.want {
				if sv, ok := v.(string); ok {
					for k, id := range ids {
						sv = strings.ReplaceAll(sv, "{"+k+"}", id)
					}
					v = sv
				}
				if got := r.Data()[f]; fmt.Sprint(got) != fmt.Sprint(v) {
					t.Errorf("%s: %s is %v, want %v", name, f, got, v)
				}
			}
		}
		if call.save != "" {
			if ids[call.save] = r.ID(); ids[call.save] == "" {
				t.Fatalf("%s: no data.id to save: %s", name, r.Raw)
			}
		}
	}
}

func planForm(u string) map[string]any {
	return map[string]any{"name": "Starter " + u, "price": "9.99", "duration": "Per Month", "max_users": 5, "max_customers": 10,
		"max_vendors": 10, "max_clients": 5, "storage_limit": 10, "description": "Small teams", "trial": false, "trial_period": 0}
}

// wantError checks an error envelope with the status, naming field.
func wantError(t *testing.T, name string, r *testkit.Response, status int, field string) {
	t.Helper()
	if r.Status != status {
		t.Errorf("%s: status %d, want %d: %s", name, r.Status, status, r.Raw)
		return
	}
	if ok, present := r.Body["success"].(bool); ok || !present {
		t.Errorf("%s: success is not false: %s", name, r.Raw)
	}
	errs, _ := r.Body["errors"].([]any)
	for _, e := range errs {
		if m, _ := e.(map[string]any); m["field"] == field {
			return
		}
	}
	t.Errorf("%s: the error does not name %q: %s", name, field, r.Raw)
}

// expand replaces {name} in path with the saved id.
func expand(t *testing.T, path string, ids map[string]string) string {
	t.Helper()
	for {
		i := strings.Index(path, "{")
		if i < 0 {
			return path
		}
		j := strings.Index(path[i:], "}")
		key := path[i+1 : i+j]
		id, ok := ids[key]
		if !ok || id == "" {
			t.Fatalf("%s: no saved id %q", path, key)
		}
		path = path[:i] + id + path[i+j+1:]
	}
}

// wantEnvelope checks {success, message, data} with success true.
func wantEnvelope(t *testing.T, name string, r *testkit.Response) {
	t.Helper()
	if ok, _ := r.Body["success"].(bool); !ok {
		t.Errorf("%s: success is not true: %s", name, r.Raw)
	}
	if _, ok := r.Body["message"].(string); !ok {
		t.Errorf("%s: no message: %s", name, r.Raw)
	}
	if _, ok := r.Body["data"]; !ok {
		t.Errorf("%s: no data: %s", name, r.Raw)
	}
}

func wantFields(t *testing.T, name string, m map[string]any, fields ...string) {
	t.Helper()
	for _, f := range fields {
		if _, ok := m[f]; !ok {
			raw, _ := json.Marshal(m)
			t.Errorf("%s: no %q in %s", name, f, raw)
		}
	}
}

func wantShapes(t *testing.T, name string, m map[string]any, shapes map[string]string) {
	t.Helper()
	for f, want := range shapes {
		var got string
		switch m[f].(type) {
		case string:
			got = "string"
		case map[string]any:
			got = "object"
		case []any:
			got = "array"
		}
		if got != want {
			t.Errorf("%s: %q is %T, the page needs a JSON %s", name, f, m[f], want)
		}
	}
}

func wantAbsent(t *testing.T, name string, m map[string]any, fields ...string) {
	t.Helper()
	for _, f := range fields {
		if _, ok := m[f]; ok {
			t.Errorf("%s: %q is now served: move it from unserved to reads", name, f)
		}
	}
}
