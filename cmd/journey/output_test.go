//go:build unix

package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func writeTo(t *testing.T, out string, data string, inputs ...string) error {
	t.Helper()
	var stdout bytes.Buffer
	return writeOutput(testStreams(strings.NewReader(""), &stdout, io.Discard, nil), out, []byte(data), inputs)
}

func onlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("files in the folder: %v, want %v (no temporary file left)", got, want)
	}
}

func TestOutputRegularFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "map.svg")
	if err := os.WriteFile(out, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := writeTo(t, out, "new"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	st, _ := os.Stat(out)
	if string(b) != "new" || st.Mode().Perm() != 0o640 {
		t.Errorf("got %q mode %v, want \"new\" with the old mode 0640", b, st.Mode().Perm())
	}
	onlyFiles(t, dir, "map.svg")
}

func TestOutputRefusesInputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "map.yaml")
	if err := os.WriteFile(in, []byte("version: 1"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "alias.yaml")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{in, link, dir + "/./map.yaml"} {
		err := writeTo(t, out, "picture", in)
		if exitCode(err, true) != exitUsage || !strings.Contains(fmtErr(err), "it is an input of this run") {
			t.Errorf("-o %s: %v (exit %d), want a refusal with exit 2", out, err, exitCode(err, true))
		}
	}
	if b, _ := os.ReadFile(in); string(b) != "version: 1" {
		t.Errorf("the input became %q", b)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestOutputFIFOWrittenThrough(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	if err := writeTo(t, fifo, "through the pipe"); err != nil {
		t.Fatal(err)
	}
	select {
	case s := <-got:
		if s != "through the pipe" {
			t.Errorf("reader got %q", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing came through the FIFO")
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", st.Mode(), err)
	}
	onlyFiles(t, dir, "pipe")
}

func TestOutputDeviceWrittenThrough(t *testing.T) {
	if err := writeTo(t, "/dev/null", "gone"); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v %v", st.Mode(), err)
	}
	// /dev/stdout leads to a regular file when standard output is
	// redirected to one; it is written through (appended), not replaced.
	dir := t.TempDir()
	file := filepath.Join(dir, "stdout.txt")
	if err := os.WriteFile(file, []byte("before\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dev := "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
	if err := writeTo(t, dev, "after\n"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(file); string(b) != "before\nafter\n" {
		t.Errorf("file behind the descriptor holds %q", b)
	}
	onlyFiles(t, dir, "stdout.txt")
}

func TestOutputSymlinkWritesTarget(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.svg")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.svg")
	if err := os.Symlink("real.svg", link); err != nil {
		t.Fatal(err)
	}
	if err := writeTo(t, link, "new"); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(target); string(b) != "new" {
		t.Errorf("target holds %q, want new", b)
	}
	// A dangling link creates the file it names.
	dangling := filepath.Join(dir, "dangling.svg")
	if err := os.Symlink("made.svg", dangling); err != nil {
		t.Fatal(err)
	}
	if err := writeTo(t, dangling, "made"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "made.svg")); string(b) != "made" {
		t.Errorf("dangling link's target holds %q", b)
	}
	onlyFiles(t, dir, "dangling.svg", "link.svg", "made.svg", "real.svg")
}

func TestOutputReadOnlyRefused(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "locked.svg")
	if err := os.WriteFile(out, []byte("keep"), 0o444); err != nil {
		t.Fatal(err)
	}
	err := writeTo(t, out, "new")
	if exitCode(err, true) != exitUsage || !strings.Contains(fmtErr(err), "read-only") {
		t.Errorf("got %v, want a read-only refusal with exit 2", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "keep" {
		t.Errorf("read-only file became %q", b)
	}
	if err := writeTo(t, dir, "x"); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("writing onto a directory: %v", err)
	}
}

func TestOutputTempFilesRemovedOnSignal(t *testing.T) {
	dir := t.TempDir()
	tmp := filepath.Join(dir, ".map.svg.1.tmp")
	if err := os.WriteFile(tmp, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	temps.mu.Lock()
	temps.paths[tmp] = true
	temps.mu.Unlock()
	temps.removeAll()
	onlyFiles(t, dir)
}
