package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

const (
	storeJourney = "../../examples/online-store.yaml"
	storeGA4     = "../../examples/online-store.ga4.csv"
)

// augustExport writes a previous period's step counts for the online store.
func augustExport(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "august.csv")
	csv := "touchpoint,users\nsocial-ad,40000\nlanding,36000\nproduct-page,24000\ncart,8000\ncheckout,4000\npayment,3000\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReportFailOnMissed(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"without the flag", nil, 0},
		{"with the flag", []string{"--fail-on-missed"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"report", storeJourney, "--data", storeGA4, "--format", "csv"}, tc.args...)
			code, out, errOut := runCmd(t, "", args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.code, errOut)
			}
			if !strings.HasPrefix(out, "stage_id,") {
				t.Errorf("the report is written even when a KPI is missed; stdout:\n%s", out)
			}
			if tc.code == 1 && !strings.Contains(errOut, "cart-to-checkout") {
				t.Errorf("stderr does not name the missed KPI:\n%s", errOut)
			}
		})
	}
}

func TestReportCompare(t *testing.T) {
	aug := augustExport(t)
	base := []string{"report", storeJourney, "--data", storeGA4, "--compare", aug}

	code, out, errOut := runCmd(t, "", append(base, "--format", "csv")...)
	if code != 0 {
		t.Fatalf("csv: exit %d: %s", code, errOut)
	}
	lines := strings.Split(out, "\n")
	if !strings.Contains(lines[0], "users,users_previous,users_change") {
		t.Errorf("csv header lacks the comparison columns: %s", lines[0])
	}
	// social-ad: 48,200 in September against 40,000 in August.
	if !strings.Contains(out, ",48200,40000,8200,") {
		t.Errorf("csv lacks the social-ad change 48200-40000; got:\n%s", out)
	}

	code, out, errOut = runCmd(t, "", append(base, "--format", "json")...)
	if code != 0 || !strings.Contains(out, `"compare": {`) {
		t.Errorf("json: exit %d, compare key present: %v; stderr: %s", code, strings.Contains(out, `"compare"`), errOut)
	}

	// Table by default on standard output; a buffer is no terminal, so no
	// colour.
	code, out, errOut = runCmd(t, "", base...)
	if code != 0 || !strings.Contains(out, "Δ users") || strings.Contains(out, "\x1b[") {
		t.Errorf("table: exit %d, has Δ column %v, has ANSI %v; stderr: %s", code, strings.Contains(out, "Δ users"), strings.Contains(out, "\x1b["), errOut)
	}

	// The format from -o's extension; the XLSX gets the extra columns.
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "gaps.xlsx")
	if code, _, errOut := runCmd(t, "", append(base, "-o", xlsx)...); code != 0 {
		t.Fatalf("xlsx: exit %d: %s", code, errOut)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatalf("-o gaps.xlsx did not write a workbook: %v", err)
	}
	defer f.Close()
	header, err := f.GetRows("Touchpoints")
	if err != nil || len(header) == 0 {
		t.Fatalf("no Touchpoints sheet: %v", err)
	}
	if got := strings.Join(header[0], "|"); !strings.Contains(got, "Users|Users (previous)|Users change") {
		t.Errorf("Touchpoints header = %s, want the comparison columns", got)
	}
	// The workbook was created at the time of the run.
	if props, err := f.GetDocProps(); err != nil || props.Created != testNow.Format(time.RFC3339) {
		t.Errorf("workbook created %q (%v), want the run's time %s", props.Created, err, testNow.Format(time.RFC3339))
	}

	md := filepath.Join(dir, "gaps.md")
	if code, _, errOut := runCmd(t, "", append(base, "-o", md)...); code != 0 {
		t.Fatalf("markdown: exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(md); !strings.HasPrefix(string(b), "## Gap report: ") || !strings.Contains(string(b), "Compared with: ") {
		t.Errorf("-o gaps.md is not the markdown report:\n%s", b)
	}

	// A previous period that cannot be read is a file error (exit 2).
	if code, _, _ := runCmd(t, "", "report", storeJourney, "--data", storeGA4, "--compare", filepath.Join(dir, "missing.csv")); code != 2 {
		t.Errorf("unreadable --compare file: exit %d, want 2", code)
	}
}
