package hr

import (
	"context"
	"fmt"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Training is a training category with its material links.
type Training struct {
	crud.Base
	Category string          `db:"category" json:"category" v:"required,filter,search,sort"`
	Links    crud.JSONString `db:"links" json:"links" v:"required,shape=object,max=100000"`
}

// Trainings is /trainings.
var Trainings = &crud.Resource[Training]{
	Name: "Training", Path: "/trainings", Table: "trainings", Tag: "HRM",
	Perm: authz.Perm{Module: "hrm", Entity: "training"},
	Doc: "Rules: lists show every training of the caller's company (the original showed only the caller's own). " +
		"`links` is a JSON object such as {\"urls\":[…],\"titles\":[…],\"descriptions\":[…]}; it may also be sent as a " +
		"string holding that object, and it is always returned as a JSON-encoded string (the web client " +
		"JSON.parses it, as the original served it on MariaDB).",
	Example: map[string]any{"category": "Onboarding", "links": map[string]any{"urls": []string{"https://example.com/handbook"},
		"titles": []string{"Handbook"}, "descriptions": []string{"Read before day one"}}},
	Title: func(t *Training) string { return t.Category },
}

// Appreciation is an award given to an employee.
type Appreciation struct {
	crud.Base
	Award   string        `db:"award" json:"award" v:"required,filter,search,sort"`
	GivenTo string        `db:"employee_id" json:"givenTo" v:"required,filter"`
	Date    db.Time       `db:"date" json:"date" v:"required,sort"`
	Summary *string       `db:"summary" json:"summary" v:"text"`
	Photo   *crud.FileRef `db:"photo" json:"photo" v:"file,max=2000"`
}

// Appreciations is /appreciations.
var Appreciations = &crud.Resource[Appreciation]{
	Name: "Appreciation", Path: "/appreciations", Table: "appreciations", Tag: "HRM",
	Perm: authz.Perm{Module: "hrm", Entity: "appreciation"},
	Doc:  "Rules: `givenTo` must be the id of an employee of the caller's company (422). `created_by` is recorded (the original left it empty).",
	Sample: func(f crud.Fixturer) map[string]any {
		return map[string]any{"award": "Employee of the month", "givenTo": newEmployee(f), "date": "2025-01-31",
			"summary": "Shipped the payroll export", "photo": "https://example.com/award.png"}
	},
	Title: func(a *Appreciation) string { return a.Award },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Appreciation) error {
		if old == nil || c.Present("givenTo") {
			return requireEmployee(ctx, c, "givenTo", row.GivenTo)
		}
		return nil
	},
}

// Announcement is a notice to the company's staff.
type Announcement struct {
	crud.Base
	Title       string `db:"title" json:"title" v:"required,search,sort"`
	Description string `db:"description" json:"description" v:"required,text,search"`
}

// Announcements is /announcements.
var Announcements = &crud.Resource[Announcement]{
	Name: "Announcement", Path: "/announcements", Table: "announcements", Tag: "HRM",
	Perm:    authz.Perm{Module: "hrm", Entity: "announcement"},
	Example: map[string]any{"title": "Office closed on Friday", "description": "The office is closed for maintenance."},
	Title:   func(a *Announcement) string { return a.Title },
}

// Event is a company event.
type Event struct {
	crud.Base
	EventTitle   string  `db:"event_title" json:"EventTitle" v:"required,search,sort"`
	EventManager string  `db:"event_manager" json:"EventManager" v:"required,filter,search"`
	EventDate    db.Time `db:"event_date" json:"EventDate" v:"required,sort"`
	EventTime    string  `db:"event_time" json:"EventTime" v:"required"`
}

// Events is /events (the web client also calls GET /events/{id}, which the
// original lacked).
var Events = &crud.Resource[Event]{
	Name: "Event", Path: "/events", Table: "events", Tag: "HRM",
	Perm:    authz.Perm{Module: "hrm", Entity: "events"},
	Example: map[string]any{"EventTitle": "Annual day", "EventManager": "Priya", "EventDate": "2025-04-12", "EventTime": "18:00"},
	Title:   func(e *Event) string { return e.EventTitle },
}

// Meeting statuses.
const (
	MeetingScheduled = "scheduled"
	MeetingCompleted = "completed"
	MeetingCancelled = "cancelled"
)

// Meeting is a scheduled meeting, optionally with a department and the
// employees invited.
type Meeting struct {
	crud.Base
	Title       string  `db:"title" json:"title" v:"required,search,sort"`
	Description string  `db:"description" json:"description" v:"required,text"`
	Date        db.Time `db:"date" json:"date" v:"required,sort"`
	StartTime   string  `db:"start_time" json:"startTime" v:"required,pattern=time"`
	EndTime     string  `db:"end_time" json:"endTime" v:"pattern=time"`
	MeetingLink *string `db:"meeting_link" json:"meetingLink" v:"max=2000"`
	Status      string  `db:"status" json:"status" v:"enum=scheduled|completed|cancelled,default=scheduled,filter"`
	Department  *string `db:"department" json:"department" v:"filter"`
	Employee    db.JSON `db:"employee" json:"employee" v:"max=20000"`
}

// Meetings is /meetings.
var Meetings = &crud.Resource[Meeting]{
	Name: "Meeting", Path: "/meetings", Table: "meetings", Tag: "HRM",
	Perm: authz.Perm{Module: "hrm", Entity: "meetings"},
	Doc: "Rules: `status` is one of scheduled, completed, cancelled (default scheduled) on create and on update; " +
		"null or an absent status keeps the current one. `endTime` must be after `startTime` (HH:MM or HH:MM:SS, " +
		"returned as HH:MM:SS). `endTime` is optional (the web client's form never sends one): a create without it " +
		"(or with null or \"\") ends one hour after `startTime`, capped at 23:59:59 because a meeting does not run " +
		"past the end of its `date` (so one starting at 23:59:59 has no later end and is refused, 422). An update " +
		"without it (or with null or \"\") keeps the current end, and is refused (422) if `startTime` moves to or " +
		"past that end. `employee` (optional, sent by the web client) is one employee id or an array of " +
		"them; each must be an employee of the caller's company (422). `created_by` is always recorded.",
	Sample: func(f crud.Fixturer) map[string]any {
		return map[string]any{"title": "Sprint review", "description": "Demo of the sprint's work", "date": "2025-02-14",
			"startTime": "10:00:00", "endTime": "11:00:00", "meetingLink": "https://meet.example.com/abc", "status": "scheduled",
			"department": "Engineering", "employee": []string{newEmployee(f)}}
	},
	Title: func(m *Meeting) string { return m.Title },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Meeting) error {
		row.StartTime, row.EndTime = normTime(row.StartTime), normTime(row.EndTime)
		switch {
		case row.EndTime != "":
		case old != nil:
			row.EndTime = old.EndTime // null keeps the current end
		default:
			row.EndTime = defaultMeetingEnd(row.StartTime)
			if row.EndTime <= row.StartTime {
				return httpapi.Invalid("startTime", `"startTime" must be before 23:59:59 when no "endTime" is sent`)
			}
		}
		switch {
		case row.Status == "" && old != nil:
			row.Status = old.Status
		case row.Status == "":
			row.Status = MeetingScheduled
		}
		if row.EndTime <= row.StartTime {
			return httpapi.Invalid("endTime", `"endTime" must be after "startTime"`)
		}
		if (old == nil || c.Present("employee")) && len(row.Employee) > 0 && string(row.Employee) != "null" {
			ids, msg := employeeIDs("employee", row.Employee)
			if msg != "" {
				return httpapi.Invalid("employee", msg)
			}
			if len(ids) > 0 {
				return requireEmployees(ctx, c, "employee", ids)
			}
		}
		return nil
	},
}

// defaultMeetingEnd is the end of a meeting created without one: an hour
// after start (HH:MM:SS), but no later than 23:59:59 of the same day.
func defaultMeetingEnd(start string) string {
	t, err := time.Parse(time.TimeOnly, start)
	if err != nil {
		return "" // the pattern check has already refused it
	}
	secs := min(t.Hour()*3600+t.Minute()*60+t.Second()+3600, 24*3600-1)
	return fmt.Sprintf("%02d:%02d:%02d", secs/3600, secs/60%60, secs%60)
}
