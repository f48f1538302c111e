package projects

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/org"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// MaxAssignees bounds a task's assignee list.
const MaxAssignees = 100

// Task is a to-do on a project, lead or deal.
type Task struct {
	crud.Base
	RelatedID    string   `db:"related_id" json:"related_id" v:"readonly,filter"`
	TaskName     string   `db:"task_name" json:"taskName" v:"required,search,sort"`
	Category     string   `db:"category" json:"category" v:"required,filter"`
	Project      string   `db:"project" json:"project" v:"required"`
	StartDate    db.Date  `db:"start_date" json:"startDate" v:"required,sort"`
	DueDate      db.Date  `db:"due_date" json:"dueDate" v:"required,sort"`
	AssignTo     db.JSON  `db:"assign_to" json:"assignTo" v:"max=10000"`
	Status       string   `db:"status" json:"status" v:"required,max=50,filter,sort"`
	Priority     string   `db:"priority" json:"priority" v:"required,max=50,filter,sort"`
	Description  *string  `db:"description" json:"description" v:"text"`
	ReminderDate *db.Date `db:"reminder_date" json:"reminder_date" v:"sort"`
}

const taskDoc = "Rules: a task hangs on a project, lead or deal of the caller's company, named by the path on create. " +
	"`assignTo` is an array of employee ids of the caller's company (the original's {\"users\": [ids]} is accepted " +
	"too and stored as the array; \"\", null or [] means nobody; 422 naming the ids that are not employees). " +
	"Creating a task notifies each assignee (GET /notifications, title \"New Task\"), and an update notifies each " +
	"newly added assignee, in the task's own transaction. When `reminder_date` is today in the company's time zone " +
	"(GET/PUT /company-settings, default UTC), creating the task, or setting that reminder date on update, also " +
	"sends the assignees the \"Task Reminder\" notification (type reminder), also by e-mail to each assignee with an address. `dueDate` and `reminder_date` may not " +
	"precede `startDate` (422). `status` and `priority` are free text (at most 50 characters). Updates also accept " +
	"the web client's edit names: taskTitle, TaskCategory, projectName, taskDate, AssignTo, taskDescription, " +
	"taskStatus, taskPriority (a canonical name wins when both are sent)."

// taskAliases maps the web client's task edit names to the canonical ones.
var taskAliases = map[string]string{"taskTitle": "taskName", "TaskCategory": "category", "projectName": "project",
	"taskDate": "startDate", "taskDescription": "description", "taskStatus": "status", "taskPriority": "priority"}

// Tasks is /tasks/{parentId}.
var Tasks = &crud.Resource[Task]{
	Name: "Task", Path: "/tasks", Table: "tasks", Tag: "Projects", Busy: true,
	Perm:   authz.Perm{Module: "crm", Entity: "task"},
	Parent: &crud.ParentSpec{Column: "related_id", Kinds: []string{"project", "lead", "deal"}},
	Doc:    taskDoc,
	Sample: func(f crud.Fixturer) map[string]any {
		u := "assignee" + f.Unique()
		emp := f.Create("/employees", map[string]any{"username": u, "email": u + "@example.com", "password": "Tidal-Orbit-Canvas-47"})
		return map[string]any{"taskName": "Order furniture", "category": "Procurement", "project": "HQ fit-out",
			"startDate": "2025-02-01", "dueDate": "2025-02-15", "assignTo": []string{emp}, "status": "todo",
			"priority": "high", "description": "Desks and chairs"}
	},
	Title: func(t *Task) string { return t.TaskName },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Task) error {
		if old != nil {
			if err := applyTaskAliases(c, row); err != nil {
				return err
			}
		}
		if c.Present("assignTo") || c.Present("AssignTo") && !c.Present("assignTo") {
			name := "assignTo"
			if !c.Present("assignTo") {
				name = "AssignTo"
			}
			ids, err := parseAssignees(name, c.Raw[name])
			if err != nil {
				return err
			}
			row.AssignTo = db.MustJSON(ids)
		}
		if before(row.DueDate, row.StartDate) {
			return httpapi.Invalid("dueDate", `"dueDate" must not be before "startDate"`)
		}
		if row.ReminderDate != nil && *row.ReminderDate == "" {
			row.ReminderDate = nil
		}
		if row.ReminderDate != nil && before(*row.ReminderDate, row.StartDate) && (old == nil || c.Present("reminder_date")) {
			return httpapi.Invalid("reminder_date", `"reminder_date" must not be before "startDate"`)
		}
		return nil
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Task) error {
		return requireEmployees(ctx, c, "assignTo", row.CompanyID, assignees(row))
	},
	AfterCreate: func(ctx context.Context, c *crud.Call, row *Task) error {
		ids := assignees(row)
		if err := notifyReminder(ctx, c, row, ids, row.RelatedID); err != nil {
			return err
		}
		return notifyAssigned(ctx, c, row, ids, row.RelatedID)
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Task) error {
		return requireEmployees(ctx, c, "assignTo", row.CompanyID, added(assignees(old), assignees(row)))
	},
	AfterUpdate: func(ctx context.Context, c *crud.Call, old, row *Task) error {
		if err := notifyAssigned(ctx, c, row, added(assignees(old), assignees(row)), row.ID); err != nil {
			return err
		}
		if row.ReminderDate != nil && (old.ReminderDate == nil || *old.ReminderDate != *row.ReminderDate) {
			return notifyReminder(ctx, c, row, assignees(row), row.ID)
		}
		return nil
	},
}

// applyTaskAliases reads the web client's edit names into row when the
// canonical name is absent from the body.
func applyTaskAliases(c *crud.Call, row *Task) error {
	for alias, name := range taskAliases {
		in, ok := c.Raw[alias]
		if !ok || c.Present(name) {
			continue
		}
		var s *string
		if err := json.Unmarshal(in, &s); err != nil {
			return httpapi.Invalid(alias, quoted(alias)+" must be a string")
		}
		v := ""
		if s != nil {
			v = strings.TrimSpace(*s)
		}
		if len([]rune(v)) > 255 {
			return httpapi.Invalid(alias, quoted(alias)+" length must be less than or equal to 255 characters long")
		}
		switch name {
		case "description":
			if v == "" {
				row.Description = nil
			} else {
				row.Description = &v
			}
			continue
		case "startDate":
			d, err := db.ParseDate(v)
			if err != nil {
				return httpapi.Invalid(alias, quoted(alias)+" must be a valid date")
			}
			row.StartDate = d
			continue
		}
		if v == "" {
			return httpapi.Invalid(alias, quoted(alias)+" is not allowed to be empty")
		}
		max := 255
		if name == "status" || name == "priority" {
			max = 50
		}
		if len([]rune(v)) > max {
			return httpapi.Invalid(alias, fmt.Sprintf("%s length must be less than or equal to %d characters long", quoted(alias), max))
		}
		switch name {
		case "taskName":
			row.TaskName = v
		case "category":
			row.Category = v
		case "project":
			row.Project = v
		case "status":
			row.Status = v
		case "priority":
			row.Priority = v
		}
	}
	return nil
}

// parseAssignees reads assignTo: an array of ids, {"users": [ids]}, "" or
// null. Duplicates are dropped.
func parseAssignees(field string, raw json.RawMessage) ([]string, error) {
	bad := httpapi.Invalid(field, quoted(field)+` must be an array of employee ids`)
	s := strings.TrimSpace(string(raw))
	if s == "null" || s == `""` {
		return []string{}, nil
	}
	var ids []string
	if err := json.Unmarshal(raw, &ids); err != nil {
		var obj struct {
			Users *[]string `json:"users"`
		}
		if err := json.Unmarshal(raw, &obj); err != nil || obj.Users == nil {
			return nil, bad
		}
		ids = *obj.Users
	}
	if len(ids) > MaxAssignees {
		return nil, httpapi.Invalid(field, fmt.Sprintf("%s may hold at most %d ids", quoted(field), MaxAssignees))
	}
	out := make([]string, 0, len(ids))
	seen := map[string]bool{}
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, id)
	}
	return out, nil
}

// assignees returns the stored assignee ids of a task.
func assignees(t *Task) []string {
	var ids []string
	if t.AssignTo.Decode(&ids) != nil {
		return nil
	}
	return ids
}

// added returns the ids of next not in prev, in order.
func added(prev, next []string) []string {
	had := map[string]bool{}
	for _, id := range prev {
		had[id] = true
	}
	var out []string
	for _, id := range next {
		if !had[id] {
			out = append(out, id)
		}
	}
	return out
}

func taskDescription(t *Task) string {
	return "Task Name: " + t.TaskName + ", start date: " + string(t.StartDate) + ", due date: " + string(t.DueDate)
}

// notifyAssigned writes one "New Task" notification per id.
func notifyAssigned(ctx context.Context, c *crud.Call, t *Task, ids []string, related string) error {
	for _, id := range ids {
		err := org.Notify(ctx, c.Deps.DB, org.Note{CompanyID: t.CompanyID, Users: []string{id}, RelatedID: related,
			Title: "New Task", Message: c.P.Username + " assigned you a task: " + t.TaskName,
			Description: taskDescription(t), From: c.P.ID})
		if err != nil {
			return err
		}
	}
	return nil
}

// notifyReminder writes the "Task Reminder" notification to ids when the
// task's reminder date is today in the company's time zone.
func notifyReminder(ctx context.Context, c *crud.Call, t *Task, ids []string, related string) error {
	if t.ReminderDate == nil || len(ids) == 0 {
		return nil
	}
	loc, err := CompanyLocation(ctx, c.Deps.DB, t.CompanyID)
	if err != nil {
		return err
	}
	if string(*t.ReminderDate) != Today(loc) {
		return nil
	}
	return org.Notify(ctx, c.Deps.DB, org.Note{CompanyID: t.CompanyID, Users: ids, RelatedID: related, Type: "reminder",
		Title:       "Task Reminder",
		Message:     fmt.Sprintf("Task due: %d days. Don't forget: %s", daysBetween(*t.ReminderDate, t.DueDate), t.TaskName),
		Description: taskDescription(t), From: c.P.ID, Mail: true})
}

// Now is the clock task reminders read; tests may replace it.
var Now = time.Now

// Today is the current calendar day in loc, as "YYYY-MM-DD".
func Today(loc *time.Location) string { return Now().In(loc).Format("2006-01-02") }

// daysBetween is the number of days from a to b (calendar days).
func daysBetween(a, b db.Date) int {
	ta, err1 := time.Parse("2006-01-02", string(a))
	tb, err2 := time.Parse("2006-01-02", string(b))
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(tb.Sub(ta).Hours() / 24)
}
