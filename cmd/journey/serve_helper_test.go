package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestServeWithoutHelper: journey serve with no journey-graphviz to draw
// with tells the page why there is no map (in /state's error, which the
// page lists and names in place of the map) instead of waiting for one.
func TestServeWithoutHelper(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &syncBuffer{}
	s := testStreams(strings.NewReader(""), io.Discard, stderr, drawWithHelpers)
	done := make(chan int, 1)
	go func() { done <- execute(ctx, []string{"serve", store, "--addr", "127.0.0.1:0", "--poll", "20ms"}, s) }()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d: %s", code, stderr.String())
		}
	}()
	serving := regexp.MustCompile(`on (http://\S+)/ `)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if m := serving.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("serve did not start: %s", stderr.String())
	}
	st := waitFor(t, base, "drawing error", func(st previewState) bool { return st.Error != "" })
	if st.OK || st.HasMap || !strings.Contains(st.Error, "journey-graphviz program was not found") || !strings.Contains(st.Error, "go install") {
		t.Errorf("state %+v: expected no map and an error naming the helper and how to install it", st)
	}
	if got := stderr.String(); !strings.Contains(got, "no map to show") || strings.Contains(got, "last good map") {
		t.Errorf("terminal %q: expected it to say there is no map", got)
	}
	_, page := get(t, base+"/")
	if !strings.Contains(page, "st.error ? \"No map: journey cannot draw it.") {
		t.Errorf("the page does not name a drawing error in place of the map")
	}
}

// TestServePrestartsHelpers: after each drawing, serve starts the helpers
// of the next one, the redraw draws with them, and none is left running
// when serve stops.
func TestServePrestartsHelpers(t *testing.T) {
	buildHelper(t, "")
	dir := t.TempDir()
	file := filepath.Join(dir, "map.yaml")
	src, err := os.ReadFile(store)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	h := &helperDrawer{}
	var mu sync.Mutex
	var all []*helperProc
	stderr := &syncBuffer{}
	s := testStreams(strings.NewReader(""), io.Discard, stderr, h.draw)
	s.prestart = func(ctx context.Context, format string, scale float64) func() {
		release := h.prestart(ctx, format, scale)
		h.mu.Lock()
		mu.Lock()
		all = append(all, h.started...)
		mu.Unlock()
		h.mu.Unlock()
		return release
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- execute(ctx, []string{"serve", file, "--addr", "127.0.0.1:0", "--poll", "20ms"}, s)
	}()
	serving := regexp.MustCompile(`on (http://\S+)/ `)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if m := serving.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("serve did not start: %s", stderr.String())
	}
	waitFor(t, base, "first map", func(st previewState) bool { return st.OK && st.Version >= 1 })
	edited := strings.Replace(string(src), "Instagram ad", "Instagram reel", 1)
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, base, "redraw", func(st previewState) bool { return st.OK && st.Version >= 2 })
	_, svg := get(t, base+"/map.svg")
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d: %s", code, stderr.String())
	}
	if !strings.Contains(svg, "Instagram reel") {
		t.Errorf("the redrawn map lacks the edit")
	}
	mu.Lock()
	defer mu.Unlock()
	// Prestarted after the first drawing and after the redraw.
	if want := 2; len(all) < want {
		t.Fatalf("%d helpers prestarted, expected at least %d", len(all), want)
	}
	drew := 0
	for _, p := range all[:1] {
		drew += p.drawn
	}
	if drew == 0 {
		t.Errorf("the redraw did not draw with the helpers prestarted after the first drawing")
	}
	for i, p := range all {
		if p.state == nil {
			t.Errorf("helper %d still running after serve stopped", i)
		}
	}
}
