package hr_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

func TestSalaryOnePerEmployee(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	a, b := e.NewEmployee(co), e.NewEmployee(co)

	r := e.Must(201, "POST", api+"/employeeSalary", co.Token, map[string]any{"employee_id": a, "currency": "INR", "annual_CTC": "1234567.89"})
	if !strings.Contains(string(r.Raw), `"annual_CTC":1234567.89`) {
		t.Fatalf("annual_CTC is not exact: %s", r.Raw)
	}
	id := r.ID()
	if r := e.Do("POST", api+"/employeeSalary", co.Token, map[string]any{"employee_id": a, "currency": "USD", "annual_CTC": 10}); r.Status != 409 {
		t.Fatalf("second salary for one employee: %d, want 409: %s", r.Status, r.Raw)
	}
	// Another company's employee is not a valid reference; its own salary rows are independent.
	foreign := e.NewEmployee(other)
	testkit.MustInvalid(t, e.Do("POST", api+"/employeeSalary", co.Token, map[string]any{"employee_id": foreign, "currency": "INR", "annual_CTC": 1}), "employee_id")
	testkit.MustInvalid(t, e.Do("POST", api+"/employeeSalary", co.Token, map[string]any{"employee_id": b, "currency": "INR", "annual_CTC": 1.234}), "annual_CTC")
	testkit.MustInvalid(t, e.Do("POST", api+"/employeeSalary", co.Token, map[string]any{"employee_id": b, "currency": "INR", "annual_CTC": -5}), "annual_CTC")
	testkit.MustInvalid(t, e.Do("POST", api+"/employeeSalary", co.Token, map[string]any{"employee_id": b, "currency": "INR"}), "annual_CTC")

	// Update answers the row after the update (the original answered the old row).
	u := e.Must(200, "PUT", api+"/employeeSalary/"+id, co.Token, map[string]any{"annual_CTC": 1500000})
	if !strings.Contains(string(u.Raw), `"annual_CTC":1500000.00`) || u.Data()["currency"] != "INR" {
		t.Fatalf("update answer: %s", u.Raw)
	}
	if !strings.Contains(u.Message(), "updated") {
		t.Fatalf("update message %q", u.Message())
	}
	// Moving the row onto an employee who has one is a conflict too.
	e.Must(201, "POST", api+"/employeeSalary", co.Token, map[string]any{"employee_id": b, "currency": "INR", "annual_CTC": 1})
	if r := e.Do("PUT", api+"/employeeSalary/"+id, co.Token, map[string]any{"employee_id": b}); r.Status != 409 {
		t.Fatalf("moving a salary onto an employee with one: %d, want 409", r.Status)
	}
	// After a delete the employee may get a salary again.
	e.Must(200, "DELETE", api+"/employeeSalary/"+id, co.Token, nil)
	e.Must(201, "POST", api+"/employeeSalary", co.Token, map[string]any{"employee_id": a, "currency": "INR", "annual_CTC": 2})
	if !hasAction(activities(e, co.Token, id), "deleted") {
		t.Fatalf("no activity-log row for the delete")
	}
}

func TestTrainingLinksAreAString(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	links := map[string]any{"urls": []any{"https://example.com/a"}, "titles": []any{"A"}, "descriptions": []any{"first"}}
	r := e.Must(201, "POST", api+"/trainings", co.Token, map[string]any{"category": "Safety", "links": links})
	check := func(row map[string]any) {
		t.Helper()
		s, ok := row["links"].(string)
		if !ok {
			t.Fatalf("links is %T, want a JSON-encoded string: %v", row["links"], row["links"])
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(s), &got); err != nil || got["titles"].([]any)[0] != "A" {
			t.Fatalf("links %q does not parse to the object sent", s)
		}
	}
	check(r.Data())
	check(e.Must(200, "GET", api+"/trainings/"+r.ID(), co.Token, nil).Data())

	// The string the client read back is accepted as input too.
	u := e.Must(200, "PUT", api+"/trainings/"+r.ID(), co.Token, map[string]any{"links": r.Data()["links"]})
	check(u.Data())
	testkit.MustInvalid(t, e.Do("PUT", api+"/trainings/"+r.ID(), co.Token, map[string]any{"links": "not json"}), "links")
	testkit.MustInvalid(t, e.Do("PUT", api+"/trainings/"+r.ID(), co.Token, map[string]any{"links": "[1,2]"}), "links")
	testkit.MustInvalid(t, e.Do("POST", api+"/trainings", co.Token, map[string]any{"category": "X", "links": []any{1}}), "links")

	// Every training of the company is listed, not only the caller's own.
	trainer := e.NewMember(co, hrm("training"))
	e.Must(201, "POST", api+"/trainings", trainer.Token, map[string]any{"category": "Tools", "links": links})
	for _, tok := range []string{co.Token, trainer.Token} {
		rows := e.Must(200, "GET", api+"/trainings", tok, nil).List()
		if len(rows) != 2 {
			t.Fatalf("training list has %d rows, want 2", len(rows))
		}
		for _, row := range rows {
			check(row)
		}
	}
	if n := len(e.Must(200, "GET", api+"/trainings", e.NewCompany().Token, nil).List()); n != 0 {
		t.Fatalf("another company lists %d trainings", n)
	}
}

func TestRecruitmentReferences(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	job := map[string]any{"title": "Engineer", "category": "IT", "skills": map[string]any{"Skills": []string{"Go"}}, "location": "Pune",
		"interviewRounds": map[string]any{"InterviewRounds": []string{"HR"}}, "startDate": "2025-01-01", "endDate": "2025-02-01",
		"status": "Open", "recruiter": "Asha", "currency": "INR", "expectedSalary": "1500000.50"}
	jobID := e.Must(201, "POST", api+"/jobs", co.Token, job).ID()
	job2 := e.Must(201, "POST", api+"/jobs", co.Token, job).ID()
	foreignJob := e.Must(201, "POST", api+"/jobs", other.Token, job).ID()
	badJob := map[string]any{}
	for k, v := range job {
		badJob[k] = v
	}
	badJob["endDate"] = "2024-12-01"
	testkit.MustInvalid(t, e.Do("POST", api+"/jobs", co.Token, badJob), "endDate")
	badJob["endDate"], badJob["skills"] = "2025-02-01", []string{"Go"}
	testkit.MustInvalid(t, e.Do("POST", api+"/jobs", co.Token, badJob), "skills")

	// Job applications: the validator runs and the job must be the company's.
	app := e.Must(201, "POST", api+"/job-applications", co.Token, map[string]any{"job": jobID, "name": "Ravi", "email": "Ravi@Example.com",
		"total_experience": "4.5", "notice_period": 30, "status": ""}).Data()
	if app["total_experience"] != 4.5 || app["notice_period"] != 30.0 || app["email"] != "ravi@example.com" {
		t.Fatalf("application: %v", app)
	}
	appID := app["id"].(string)
	testkit.MustInvalid(t, e.Do("POST", api+"/job-applications", co.Token, map[string]any{"job": foreignJob, "name": "X"}), "job")
	testkit.MustInvalid(t, e.Do("POST", api+"/job-applications", co.Token, map[string]any{"name": "X"}), "job")
	testkit.MustInvalid(t, e.Do("POST", api+"/job-applications", co.Token, map[string]any{"job": jobID, "email": "not-an-email"}), "email")
	testkit.MustInvalid(t, e.Do("POST", api+"/job-applications", co.Token, map[string]any{"job": jobID, "total_experience": "four years"}), "total_experience")
	testkit.MustInvalid(t, e.Do("POST", api+"/job-applications", co.Token, map[string]any{"job": jobID, "notice_period": -1}), "notice_period")
	testkit.MustInvalid(t, e.Do("PUT", api+"/job-applications/"+appID, co.Token, map[string]any{"job": foreignJob}), "job")
	foreignApp := e.Must(201, "POST", api+"/job-applications", other.Token, map[string]any{"job": foreignJob, "name": "Y"}).ID()

	// Interview schedules point at a job, an application for that job and an interviewer of the company.
	interviewer := e.NewEmployee(co)
	sched := func(job, cand, who string) map[string]any {
		return map[string]any{"job": job, "candidate": cand, "interviewer": who, "round": "1", "interviewType": "Video",
			"startOn": "2025-01-20", "startTime": "10:30"}
	}
	r := e.Must(201, "POST", api+"/interview-schedules", co.Token, sched(jobID, appID, interviewer))
	if r.Data()["startTime"] != "10:30:00" || r.Data()["created_by"] != co.Username {
		t.Fatalf("interview: %s", r.Raw)
	}
	testkit.MustInvalid(t, e.Do("POST", api+"/interview-schedules", co.Token, sched(jobID, foreignApp, interviewer)), "candidate")
	testkit.MustInvalid(t, e.Do("POST", api+"/interview-schedules", co.Token, sched(foreignJob, appID, interviewer)), "job")
	testkit.MustInvalid(t, e.Do("POST", api+"/interview-schedules", co.Token, sched(job2, appID, interviewer)), "candidate")
	testkit.MustInvalid(t, e.Do("POST", api+"/interview-schedules", co.Token, sched(jobID, appID, e.NewEmployee(other))), "interviewer")
	testkit.MustInvalid(t, e.Do("POST", api+"/interview-schedules", co.Token, sched(jobID, appID, co.ID)), "interviewer")
	testkit.MustInvalid(t, e.Do("PUT", api+"/interview-schedules/"+r.ID(), co.Token, map[string]any{"candidate": foreignApp}), "candidate")
	testkit.MustInvalid(t, e.Do("PUT", api+"/interview-schedules/"+r.ID(), co.Token, map[string]any{"job": job2}), "candidate")
	// Updates record updated_by, not created_by.
	clerk := e.NewMember(co, hrm("interview"))
	u := e.Must(200, "PUT", api+"/interview-schedules/"+r.ID(), clerk.Token, map[string]any{"round": "2"}).Data()
	if u["updated_by"] != clerk.Username || u["created_by"] != co.Username || u["round"] != "2" {
		t.Fatalf("audit columns after update: %v", u)
	}
	// Unknown ids answer 404 (the original answered 200 with null, or 500).
	e.Must(404, "GET", api+"/interview-schedules/"+foreignApp, co.Token, nil)
	e.Must(404, "PUT", api+"/interview-schedules/"+appID, co.Token, map[string]any{"round": "3"})
}

func TestMeetingsAppreciationsEvents(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	emp := e.NewEmployee(co)
	host := e.NewMember(co, hrm("meetings"))

	m := e.Must(201, "POST", api+"/meetings", host.Token, map[string]any{"title": "Weekly", "description": "Sync", "date": "2025-03-03",
		"startTime": "10:00", "endTime": "10:30", "department": "Engineering", "employee": []string{emp}}).Data()
	if m["status"] != "scheduled" || m["created_by"] != host.Username || m["endTime"] != "10:30:00" {
		t.Fatalf("meeting: %v", m)
	}
	id := m["id"].(string)
	testkit.MustInvalid(t, e.Do("PUT", api+"/meetings/"+id, host.Token, map[string]any{"status": "postponed"}), "status")
	testkit.MustInvalid(t, e.Do("PUT", api+"/meetings/"+id, host.Token, map[string]any{"endTime": "09:00"}), "endTime")
	testkit.MustInvalid(t, e.Do("PUT", api+"/meetings/"+id, host.Token, map[string]any{"employee": e.NewEmployee(other)}), "employee")
	u := e.Must(200, "PUT", api+"/meetings/"+id, host.Token, map[string]any{"status": "completed"}).Data()
	if u["status"] != "completed" || u["created_by"] != host.Username {
		t.Fatalf("meeting after update: %v", u)
	}
	u = e.Must(200, "PUT", api+"/meetings/"+id, host.Token, map[string]any{"status": nil, "employee": emp}).Data()
	if u["status"] != "completed" || u["employee"] != emp {
		t.Fatalf("status null or a single employee id: %v", u)
	}
	e.Must(201, "POST", api+"/meetings", host.Token, map[string]any{"title": "No staff", "description": "d", "date": "2025-03-03",
		"startTime": "11:00", "endTime": "12:00", "employee": []string{}})

	// Appreciations go to employees of the company.
	testkit.MustInvalid(t, e.Do("POST", api+"/appreciations", co.Token, map[string]any{"award": "Star", "givenTo": e.NewEmployee(other), "date": "2025-01-31"}), "givenTo")
	a := e.Must(201, "POST", api+"/appreciations", co.Token, map[string]any{"award": "Star", "givenTo": emp, "date": "2025-01-31"})
	if a.Data()["created_by"] != co.Username || a.Data()["givenTo"] != emp {
		t.Fatalf("appreciation: %s", a.Raw)
	}
	e.Must(200, "GET", api+"/appreciations/"+a.ID(), co.Token, nil)
	e.Must(404, "GET", api+"/appreciations/"+a.ID(), other.Token, nil)

	// Events have the GET by id the web client calls.
	ev := e.Must(201, "POST", api+"/events", co.Token, map[string]any{"EventTitle": "Offsite", "EventManager": "Priya", "EventDate": "2025-04-12", "EventTime": "18:00"})
	got := e.Must(200, "GET", api+"/events/"+ev.ID(), co.Token, nil).Data()
	if got["EventTitle"] != "Offsite" || got["EventDate"] != "2025-04-12T00:00:00.000Z" {
		t.Fatalf("event: %v", got)
	}
	up := e.Must(200, "PUT", api+"/events/"+ev.ID(), co.Token, map[string]any{"EventTime": "19:00"}).Data()
	if up["EventTitle"] != "Offsite" || up["EventTime"] != "19:00" || up["updated_by"] != co.Username {
		t.Fatalf("partial event update: %v", up)
	}
	e.Must(200, "GET", api+"/announcements/"+e.Must(201, "POST", api+"/announcements", co.Token, map[string]any{"title": "T", "description": "D"}).ID(), co.Token, nil)
	e.Must(200, "GET", api+"/skills/"+e.Must(201, "POST", api+"/skills", co.Token, map[string]any{"skillName": "Go"}).ID(), co.Token, nil)
}

func TestOpenAPIDocumentsTheRules(t *testing.T) {
	e := testkit.Warm(t)
	var doc struct {
		Paths map[string]map[string]struct {
			Description string `json:"description"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(e.Server.OpenAPIDocument(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, method, want string }{
		{"/leaves", "post", "always `pending`"},
		{"/leaves/{id}", "put", "hrm.leave_approval.update"},
		{"/attendance", "post", "POST /attendance/bulk"},
		{"/attendance/bulk", "post", "one transaction"},
		{"/employeeSalary", "post", "409"},
		{"/trainings", "get", "JSON-encoded string"},
		{"/interview-schedules", "post", "job application"},
		{"/meetings/{id}", "put", "scheduled, completed, cancelled"},
		{"/appreciations", "post", "givenTo"},
		{"/job-applications", "post", "validator"},
	} {
		op, ok := doc.Paths[c.path][c.method]
		if !ok {
			t.Fatalf("no %s %s in the OpenAPI document", c.method, c.path)
		}
		if !strings.Contains(op.Description, c.want) {
			t.Fatalf("%s %s description lacks %q: %s", c.method, c.path, c.want, op.Description)
		}
	}
	if _, ok := doc.Paths["/events/{id}"]["get"]; !ok {
		t.Fatalf("GET /events/{id} is not documented")
	}
}
