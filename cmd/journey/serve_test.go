package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/journey-maps/journey/render/diagram"
)

// fakeGraphviz stands in for the layout engine: the "SVG" carries the DOT,
// so the tests can tell which journey a map was drawn from.
func fakeGraphviz(_ context.Context, d *diagram.Model, theme *diagram.Theme, _ string) ([]byte, error) {
	var dot bytes.Buffer
	if err := diagram.WriteDOT(&dot, d, theme); err != nil {
		return nil, err
	}
	return fmt.Appendf(nil, "<svg xmlns=\"http://www.w3.org/2000/svg\"><!--%s--></svg>", bytes.ReplaceAll(dot.Bytes(), []byte("--"), []byte("- -"))), nil
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs journey serve FILE with its flags and extra arguments on a
// free loopback port, drawing with fakeGraphviz, until the test ends.
func startServe(t *testing.T, file string, extra ...string) (base string, stderr *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr = &syncBuffer{}
	s := testStreams(strings.NewReader(""), io.Discard, stderr, fakeGraphviz)
	args := append([]string{"serve", file, "--addr", "127.0.0.1:0", "--poll", "20ms"}, extra...)
	done := make(chan int, 1)
	go func() { done <- execute(ctx, args, s) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d: %s", code, stderr.String())
		}
	})
	serving := regexp.MustCompile(`on (http://\S+)/ `)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := serving.FindStringSubmatch(stderr.String()); m != nil {
			return m[1], stderr
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("serve did not start within 10 s: %s", stderr.String())
	return "", nil
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func state(t *testing.T, base string) previewState {
	t.Helper()
	_, body := get(t, base+"/state")
	var st previewState
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		t.Fatalf("bad /state %q: %v", body, err)
	}
	return st
}

// waitFor polls /state until cond holds. The generous limit only keeps a
// broken watcher from hanging the tests; how fast a redraw comes is
// measured, not asserted (a loaded CI machine may be slow).
func waitFor(t *testing.T, base string, what string, cond func(previewState) bool) previewState {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := state(t, base)
		if cond(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s within 10 s; state %+v", what, st)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestServeRedrawsAndKeepsLastGoodMap(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "map.yaml")
	src, err := os.ReadFile("../../examples/online-store.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	base, stderr := startServe(t, file)

	st := state(t, base)
	if !st.OK || !st.HasMap || st.Version != 1 || st.MapVersion != 1 {
		t.Fatalf("first state %+v", st)
	}
	code, page := get(t, base+"/")
	if code != 200 || !strings.Contains(page, "new EventSource(\"/events\")") {
		t.Fatalf("page: %d %.200s", code, page)
	}
	code, svg := get(t, base+"/map.svg")
	if code != 200 || !strings.Contains(svg, "Instagram ad") {
		t.Fatalf("map: %d %.200s", code, svg)
	}

	// An edit on disk is drawn.
	edited := bytes.Replace(src, []byte("name: Instagram ad"), []byte("name: TikTok ad"), 1)
	if err := saveFile(file, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	st = waitFor(t, base, "redraw", func(st previewState) bool { return st.Version == 2 })
	if !st.OK {
		t.Fatalf("state after edit %+v", st)
	}
	if _, svg := get(t, base+"/map.svg"); !strings.Contains(svg, "TikTok ad") {
		t.Fatalf("map not redrawn: %.300s", svg)
	}

	// A broken file shows its diagnostics and keeps the last good map.
	broken := bytes.Replace(edited, []byte("emotion: 2"), []byte("emotion: 5"), 1)
	if err := saveFile(file, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	st = waitFor(t, base, "diagnostics", func(st previewState) bool { return st.Version == 3 })
	if st.OK || !st.HasMap || st.MapVersion != 2 || len(st.Diagnostics) != 1 || st.Diagnostics[0].Rule != "emotion-range" || st.Diagnostics[0].Line == 0 {
		t.Fatalf("state for a broken file %+v", st)
	}
	if code, svg := get(t, base+"/map.svg"); code != 200 || !strings.Contains(svg, "TikTok ad") {
		t.Fatalf("last good map not kept: %d %.300s", code, svg)
	}
	if !strings.Contains(stderr.String(), "has 1 error; showing the last good map") {
		t.Errorf("stderr: %s", stderr.String())
	}

	// Saving the same content again changes nothing the page shows.
	if err := saveFile(file, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if st := state(t, base); st.Version != 3 {
		t.Errorf("version moved without a visible change: %+v", st)
	}

	// Fixed again, with a rename over the file as editors do.
	tmp := filepath.Join(dir, ".map.yaml.swp")
	if err := os.WriteFile(tmp, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		t.Fatal(err)
	}
	waitFor(t, base, "recovery", func(st previewState) bool { return st.OK && st.Version == 4 })
	if _, svg := get(t, base+"/map.svg"); !strings.Contains(svg, "Instagram ad") {
		t.Fatalf("map not redrawn after the fix")
	}
}

func TestServeEventsAndHostGuard(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "map.yaml")
	if err := saveFile(file, []byte("version: 1\nname: x\nstages: [{id: a, name: A, touchpoints: [{id: t, name: T}]}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base, _ := startServe(t, file)

	resp, err := http.Get(base + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	events := make(chan previewState, 4)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var st previewState
				if json.Unmarshal([]byte(data), &st) == nil {
					events <- st
				}
			}
		}
	}()
	first := <-events
	if first.Version != 1 || !first.OK {
		t.Fatalf("first event %+v", first)
	}
	if err := saveFile(file, []byte("version: 1\nname: x\nstages: [{id: a, name: A, touchpoints: [{id: t, name: T2}]}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case st := <-events:
		if st.Version != 2 {
			t.Errorf("second event %+v", st)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s of the change")
	}

	req, _ := http.NewRequest("GET", base+"/state", nil)
	req.Host = "evil.example:8080"
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != http.StatusForbidden {
		t.Errorf("foreign Host header: status %d, want 403", r2.StatusCode)
	}
	req.Host = "localhost:8080"
	r3, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r3.Body.Close()
	if r3.StatusCode != 200 {
		t.Errorf("localhost Host header: status %d", r3.StatusCode)
	}
	for _, host := range []string{"LocalHost:8080", "LOCALHOST", "localhost.:8080"} {
		req.Host = host
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != 200 {
			t.Errorf("Host %q: status %d, want 200 (host names are case-insensitive)", host, r.StatusCode)
		}
	}
}

func TestServeUsage(t *testing.T) {
	if code, _, errOut := runCmd(t, "", "serve"); code != 2 || !strings.Contains(errOut, "needs the journey FILE") {
		t.Errorf("no file: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runCmd(t, "", "serve", "no/such.yaml"); code != 2 || !strings.Contains(errOut, "cannot read") {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
	if code, _, _ := runCmd(t, "", "serve", "../../examples/online-store.yaml", "--addr", "256.1.1.1:99999"); code != 2 {
		t.Errorf("bad address: exit %d", code)
	}
}

// TestServeDataFlags: serve reads data with the same flags as render and
// report: --map names a user column without a known alias, and --window
// leaves out a step taken after it.
func TestServeDataFlags(t *testing.T) {
	dir := t.TempDir()
	events := filepath.Join(dir, "events.csv")
	csv := "visitor,event,timestamp\n" +
		"a,view_item,2026-09-01T10:00:00Z\na,add_to_cart,2026-09-02T10:00:00Z\n" +
		"b,view_item,2026-09-01T10:00:00Z\nb,add_to_cart,2026-09-20T10:00:00Z\n"
	if err := os.WriteFile(events, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	cart := func(svg string) string {
		m := regexp.MustCompile(`Shopping cart.*?(\d+) users`).FindStringSubmatch(svg)
		if m == nil {
			return ""
		}
		return m[1]
	}
	for _, tc := range []struct{ window, want string }{{"7d", "1"}, {"30d", "2"}} {
		base, stderr := startServe(t, "../../testdata/funnel/store.yaml", "--data", events, "--map", "user_id=visitor", "--window", tc.window)
		waitFor(t, base, "a map", func(st previewState) bool { return st.HasMap || st.Error != "" })
		_, svg := get(t, base+"/map.svg")
		if got := cart(svg); got != tc.want {
			t.Errorf("--window %s: %q users at the cart, want %s; stderr %s", tc.window, got, tc.want, stderr.String())
		}
	}
	code, _, errOut := runCmd(t, "", "serve", "../../testdata/funnel/store.yaml", "--window", "soon")
	if code != 2 || !strings.Contains(errOut, `invalid --window "soon"`) {
		t.Errorf("bad window: exit %d, %q", code, errOut)
	}
}

// TestServeColorBy: serve takes the picture flags as render does.
func TestServeColorBy(t *testing.T) {
	base, stderr := startServe(t, "../../examples/online-store.yaml", "--color-by", "channel")
	waitFor(t, base, "a map", func(st previewState) bool { return st.HasMap || st.Error != "" })
	_, svg := get(t, base+"/map.svg")
	if !strings.Contains(svg, "Channel:") || strings.Contains(svg, "Emotion:</FONT>") {
		t.Errorf("--color-by channel: the map has no channel legend; stderr %s", stderr.String())
	}
}

// saveFile replaces a file as editors save: a new file renamed over the
// old one, so the watcher never sees it half written.
func saveFile(path string, data []byte, mode os.FileMode) error {
	tmp := path + ".saving"
	if err := os.WriteFile(tmp, data, mode); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// stuckWriter is a page that never reads: every write blocks until the
// write deadline passes.
type stuckWriter struct {
	header   http.Header
	deadline time.Time
}

func (w *stuckWriter) Header() http.Header { return w.header }
func (w *stuckWriter) WriteHeader(int)     {}
func (w *stuckWriter) Flush()              {}
func (w *stuckWriter) SetWriteDeadline(t time.Time) error {
	w.deadline = t
	return nil
}
func (w *stuckWriter) Write(p []byte) (int, error) {
	if w.deadline.IsZero() {
		select {} // no deadline: blocked for ever, which the test catches
	}
	time.Sleep(time.Until(w.deadline))
	return 0, os.ErrDeadlineExceeded
}

// TestServeDropsStuckPages: a page that stops reading its events is
// dropped after the write deadline instead of holding the server's memory,
// and the number of pages following the events is bounded.
func TestServeDropsStuckPages(t *testing.T) {
	p := newPreview(testStreams(strings.NewReader(""), io.Discard, io.Discard, fakeGraphviz), &serveOptions{})
	p.writeTimeout = 50 * time.Millisecond
	done := make(chan struct{})
	go func() {
		p.events(&stuckWriter{header: http.Header{}}, httptest.NewRequest("GET", "/events", nil))
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the events handler still waits on a page that does not read")
	}
	p.mu.Lock()
	left := len(p.subs)
	p.mu.Unlock()
	if left != 0 {
		t.Errorf("%d subscribers left after the page was dropped", left)
	}

	for i := 0; i < maxSubscribers; i++ {
		p.subs[make(chan struct{})] = true
	}
	rec := httptest.NewRecorder()
	p.events(rec, httptest.NewRequest("GET", "/events", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("subscriber %d: status %d, want 503", maxSubscribers+1, rec.Code)
	}
}

// TestServeViews: the page has the view switch, /map.svg serves either
// view (the --view one without a parameter), an edit redraws both, and an
// unknown view is refused.
func TestServeViews(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "map.yaml")
	src := "version: 1\nname: x\nstages: [{id: a, name: A, touchpoints: [{id: t, name: T, emotion: 1, actions: [Looks]}]}]\n"
	if err := saveFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	base, _ := startServe(t, file, "--view", "canvas")
	st := state(t, base)
	if !st.OK || st.View != "canvas" {
		t.Fatalf("state %+v", st)
	}
	if _, page := get(t, base+"/"); !strings.Contains(page, `data-view="canvas"`) || !strings.Contains(page, `"/map.svg?view=" + want`) {
		t.Errorf("the page has no view switch")
	}
	tests := []struct {
		query string
		code  int
		want  string
	}{
		{"", 200, `id="emotion-curve"`},
		{"?view=canvas", 200, `id="emotion-curve"`},
		{"?view=flow", 200, "digraph"},
		{"?view=grid", 400, "expected view flow or canvas"},
	}
	for _, tt := range tests {
		code, body := get(t, base+"/map.svg"+tt.query)
		if code != tt.code || !strings.Contains(body, tt.want) {
			t.Errorf("/map.svg%s: %d %.200s; want %d with %s", tt.query, code, body, tt.code, tt.want)
		}
	}
	if err := saveFile(file, []byte(strings.Replace(src, "Looks", "Compares prices", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, base, "redraw", func(st previewState) bool { return st.Version == 2 })
	if _, svg := get(t, base+"/map.svg?view=canvas"); !strings.Contains(svg, "Compares prices") {
		t.Errorf("the canvas was not redrawn: %.300s", svg)
	}
}
