package crud

import (
	"reflect"
	"strings"
	"testing"
)

func TestAliasDeclarationErrors(t *testing.T) {
	type readonlyAlias struct {
		Base
		Total int64 `db:"total" json:"total" v:"readonly,alias=sum"`
	}
	if _, err := parseFields(reflect.TypeOf(readonlyAlias{})); err == nil || !strings.Contains(err.Error(), "alias") {
		t.Fatalf("alias on a read-only field: err = %v", err)
	}
	type emptyAlias struct {
		Base
		Name string `db:"name" json:"name" v:"alias=a|"`
	}
	if _, err := parseFields(reflect.TypeOf(emptyAlias{})); err == nil {
		t.Fatal("empty alias accepted")
	}
	type clash struct {
		Base
		Name  string `db:"name" json:"name" v:"alias=title"`
		Title string `db:"title" json:"title"`
	}
	defer func() {
		if p := recover(); p == nil || !strings.Contains(p.(string), "alias title") {
			t.Fatalf("an alias equal to another field's name: panic %v", p)
		}
	}()
	(&Resource[clash]{Name: "Clash", Path: "/clash", Table: "clash"}).Describe()
}
