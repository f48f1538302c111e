package hr

import (
	"context"
	"fmt"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Job is an opening the company recruits for.
type Job struct {
	crud.Base
	Title           string  `db:"title" json:"title" v:"required,search,sort"`
	Category        string  `db:"category" json:"category" v:"required,filter,search"`
	Skills          db.JSON `db:"skills" json:"skills" v:"required,shape=object,max=20000"`
	Location        string  `db:"location" json:"location" v:"required,filter,search"`
	InterviewRounds db.JSON `db:"interview_rounds" json:"interviewRounds" v:"required,shape=object,max=20000"`
	StartDate       db.Time `db:"start_date" json:"startDate" v:"required,sort"`
	EndDate         db.Time `db:"end_date" json:"endDate" v:"required,sort"`
	TotalOpenings   *int64  `db:"total_openings" json:"totalOpenings" v:"max=1000000"`
	Status          string  `db:"status" json:"status" v:"required,filter"`
	Recruiter       string  `db:"recruiter" json:"recruiter" v:"required,filter"`
	JobType         *string `db:"job_type" json:"jobType" v:"filter"`
	WorkExperience  *string `db:"work_experience" json:"workExperience"`
	Currency        string  `db:"currency" json:"currency" v:"required"`
	ExpectedSalary  string  `db:"expected_salary" json:"expectedSalary" v:"required"`
	Description     *string `db:"description" json:"description" v:"text"`
}

var jobExample = map[string]any{"title": "Backend engineer", "category": "Engineering",
	"skills": map[string]any{"Skills": []string{"Go", "SQL"}}, "location": "Pune",
	"interviewRounds": map[string]any{"InterviewRounds": []string{"Screening", "Technical", "HR"}},
	"startDate":       "2025-02-01", "endDate": "2025-03-31", "totalOpenings": 2, "status": "Open", "recruiter": "Asha",
	"jobType": "Full time", "workExperience": "3+ years", "currency": "INR", "expectedSalary": "1800000",
	"description": "Builds the REST backend"}

// Jobs is /jobs.
var Jobs = &crud.Resource[Job]{
	Name: "Job", Path: "/jobs", Table: "jobs", Tag: "Recruitment", Busy: true,
	Perm:    authz.Perm{Module: "hrm", Entity: "job"},
	Doc:     "Rules: `skills` and `interviewRounds` are JSON objects (e.g. {\"Skills\":[…]}), returned as objects. `endDate` may not be before `startDate` (422). `expectedSalary` is kept exactly as sent (text).",
	Example: jobExample,
	Title:   func(j *Job) string { return j.Title },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Job) error {
		if row.EndDate < row.StartDate {
			return httpapi.Invalid("endDate", `"endDate" must not be before "startDate"`)
		}
		return nil
	},
}

// JobApplication is a candidate's application to a job.
type JobApplication struct {
	crud.Base
	Job             string   `db:"job_id" json:"job" v:"required,filter"`
	Name            *string  `db:"name" json:"name" v:"search,sort"`
	Email           *string  `db:"email" json:"email" v:"email,search"`
	Phone           *string  `db:"phone" json:"phone" v:"max=30"`
	Location        *string  `db:"location" json:"location"`
	TotalExperience *float64 `db:"total_experience" json:"total_experience"`
	CurrentLocation *string  `db:"current_location" json:"current_location"`
	NoticePeriod    *float64 `db:"notice_period" json:"notice_period"`
	Status          *string  `db:"status" json:"status" v:"filter"`
	AppliedSource   *string  `db:"applied_source" json:"applied_source" v:"filter"`
	CoverLetter     *string  `db:"cover_letter" json:"cover_letter" v:"text"`
}

// JobApplications is /job-applications.
var JobApplications = &crud.Resource[JobApplication]{
	Name: "Job application", Path: "/job-applications", Table: "job_applications", Tag: "Recruitment",
	Perm: authz.Perm{Module: "hrm", Entity: "job_application"},
	Doc: "Rules: the request is validated (the original skipped its validator): `job` is required and must be the id " +
		"of a job of the caller's company (422); `email` must be an e-mail address; `total_experience` and " +
		"`notice_period` are numbers (numeric strings are accepted).",
	Sample: func(f crud.Fixturer) map[string]any {
		return map[string]any{"job": f.Create("/jobs", jobExample), "name": "Ravi Kumar", "email": "ravi" + f.Unique() + "@example.com",
			"phone": "+91 98765 43210", "location": "Mumbai", "total_experience": 4, "current_location": "Mumbai",
			"notice_period": 30, "status": "applied", "applied_source": "LinkedIn", "cover_letter": "I would like to join."}
	},
	Title: func(a *JobApplication) string {
		if a.Name != nil {
			return *a.Name
		}
		return ""
	},
	Validate: func(ctx context.Context, c *crud.Call, row, old *JobApplication) error {
		var errs httpapi.FieldErrors
		for _, x := range []struct {
			name string
			v    *float64
		}{{"total_experience", row.TotalExperience}, {"notice_period", row.NoticePeriod}} {
			if x.v != nil && (*x.v < 0 || *x.v > 100000) {
				errs.Add(x.name, fmt.Sprintf("%q must be between 0 and 100000", x.name))
			}
		}
		if err := errs.Err(); err != nil {
			return err
		}
		if old == nil || c.Present("job") {
			return requireRow(ctx, c, "jobs", "job", row.Job, "a job")
		}
		return nil
	},
}

// InterviewSchedule is an interview of a candidate (job application) for a
// job, held by an employee.
type InterviewSchedule struct {
	crud.Base
	Job                   string  `db:"job_id" json:"job" v:"required,filter"`
	Candidate             string  `db:"candidate_id" json:"candidate" v:"required,filter"`
	Interviewer           string  `db:"interviewer_id" json:"interviewer" v:"required,filter"`
	Round                 string  `db:"round" json:"round" v:"required,filter"`
	InterviewType         string  `db:"interview_type" json:"interviewType" v:"required,filter"`
	StartOn               db.Time `db:"start_on" json:"startOn" v:"required,sort"`
	StartTime             string  `db:"start_time" json:"startTime" v:"required,pattern=time"`
	CommentForInterviewer *string `db:"comment_for_interviewer" json:"commentForInterviewer"`
	CommentForCandidate   *string `db:"comment_for_candidate" json:"commentForCandidate"`
}

// InterviewSchedules is /interview-schedules.
var InterviewSchedules = &crud.Resource[InterviewSchedule]{
	Name: "Interview schedule", Path: "/interview-schedules", Table: "interview_schedules", Tag: "Recruitment",
	Perm: authz.Perm{Module: "hrm", Entity: "interview"},
	Doc: "Rules: `job` must be the id of a job of the caller's company, `candidate` the id of a job application of " +
		"the caller's company made for that job, and `interviewer` the id of an employee of the caller's company " +
		"(422 naming the field otherwise). `startTime` accepts HH:MM or HH:MM:SS and is returned as HH:MM:SS. Updates record `updated_by` (not " +
		"`created_by`, as the original did).",
	Sample: func(f crud.Fixturer) map[string]any {
		job := f.Create("/jobs", jobExample)
		app := f.Create("/job-applications", map[string]any{"job": job, "name": "Meera Shah", "email": "meera" + f.Unique() + "@example.com"})
		return map[string]any{"job": job, "candidate": app, "interviewer": newEmployee(f), "round": "Technical",
			"interviewType": "Video call", "startOn": "2025-02-10", "startTime": "11:00:00",
			"commentForInterviewer": "Focus on SQL", "commentForCandidate": "Bring your portfolio"}
	},
	Title: func(s *InterviewSchedule) string { return s.Round },
	Validate: func(ctx context.Context, c *crud.Call, row, old *InterviewSchedule) error {
		row.StartTime = normTime(row.StartTime)
		if old == nil || c.Present("job") {
			if err := requireRow(ctx, c, "jobs", "job", row.Job, "a job"); err != nil {
				return err
			}
		}
		if old == nil || c.Present("job") || c.Present("candidate") {
			if err := requireRow(ctx, c, "job_applications", "candidate", row.Candidate, "a job application"); err != nil {
				return err
			}
			var job string
			err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT job_id FROM job_applications WHERE id = ? AND company_id = ?`, row.Candidate, c.CompanyID()).Scan(&job)
			if err != nil {
				return fmt.Errorf("hr: interview candidate: %w", err)
			}
			if job != row.Job {
				return httpapi.Invalid("candidate", `"candidate" is an application for another job than "job"`)
			}
		}
		if old == nil || c.Present("interviewer") {
			return requireEmployee(ctx, c, "interviewer", row.Interviewer)
		}
		return nil
	},
}

// Skill is a skill name the company uses in job openings.
type Skill struct {
	crud.Base
	SkillName string `db:"skill_name" json:"skillName" v:"required,search,sort"`
}

// Skills is /skills.
var Skills = &crud.Resource[Skill]{
	Name: "Skill", Path: "/skills", Table: "skills", Tag: "Recruitment",
	Perm:    authz.Perm{Module: "hrm", Entity: "skill"},
	Example: map[string]any{"skillName": "PostgreSQL"},
	Title:   func(s *Skill) string { return s.SkillName },
}
