package main

import (
	"github.com/crmhrm/crm/internal/config"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

func dbOnly(c *config.Config) (*db.DB, error) { return db.Open(c.Dialect, c.DSN) }

// nilRouter gives resources a router that is never served, so that their
// storage is prepared for use outside HTTP (admin commands).
func nilRouter() *httpapi.Router { return httpapi.NewRouter() }
