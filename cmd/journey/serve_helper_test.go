package main

import (
	"context"
	"io"
	"regexp"
	"strings"
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
