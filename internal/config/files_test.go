package config_test

import (
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/config"
)

var filesVars = []string{"FILES_MAX_BYTES", "FILES_MAX_PER_REQUEST", "S3_ENDPOINT", "S3_BUCKET", "S3_REGION",
	"S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"}

func filesEnv(t *testing.T, kv ...string) {
	t.Helper()
	for _, k := range filesVars {
		t.Setenv(k, "")
	}
	env(t, kv...)
}

func TestFilesSettings(t *testing.T) {
	filesEnv(t)
	c := load(t)
	if c.FilesMaxBytes != 25<<20 || c.FilesMaxPerRequest != 20 || c.S3Bucket != "" || c.S3Endpoint != "" {
		t.Fatalf("defaults: %+v", c)
	}
	filesEnv(t, "FILES_MAX_BYTES", "1048576", "FILES_MAX_PER_REQUEST", "3", "S3_BUCKET", "crm", "S3_REGION", "eu-west-1",
		"S3_ACCESS_KEY_ID", "id", "S3_SECRET_ACCESS_KEY", "secret")
	c = load(t)
	if c.FilesMaxBytes != 1<<20 || c.FilesMaxPerRequest != 3 || c.S3Bucket != "crm" || c.S3Region != "eu-west-1" ||
		c.S3Endpoint != "https://s3.eu-west-1.amazonaws.com" || c.S3AccessKeyID != "id" || c.S3SecretAccessKey != "secret" {
		t.Fatalf("settings: %+v", c)
	}
	filesEnv(t, "S3_BUCKET", "crm", "S3_ENDPOINT", "http://127.0.0.1:9000")
	if c = load(t); c.S3Endpoint != "http://127.0.0.1:9000" || c.S3Region != "us-east-1" {
		t.Fatalf("MinIO endpoint: %+v", c)
	}
	for _, bad := range [][]string{{"FILES_MAX_BYTES", "0"}, {"FILES_MAX_BYTES", "big"}, {"FILES_MAX_PER_REQUEST", "0"},
		{"FILES_MAX_PER_REQUEST", "5000"}, {"S3_ENDPOINT", "http://127.0.0.1:9000"},
		{"S3_ENDPOINT", "ftp://host", "S3_BUCKET", "b"}, {"S3_ACCESS_KEY_ID", "id", "S3_BUCKET", "b"}} {
		t.Run(strings.Join(bad, "="), func(t *testing.T) {
			filesEnv(t, bad...)
			_, err := config.Load()
			if err == nil || !strings.Contains(err.Error(), bad[0]) {
				t.Fatalf("%v: error %v", bad, err)
			}
		})
	}
}
