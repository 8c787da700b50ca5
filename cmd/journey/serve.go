package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/diagram"
)

type serveOptions struct {
	file    string
	maxSize byteSize
	addr    string
	data    dataFlags
	pic     pictureFlags
	poll    time.Duration
	// dopts are the data flags, checked once at the start.
	dopts dataOptions
}

func newServeCmd(s *streams) *cobra.Command {
	opts := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve FILE",
		Short: "Live preview of the journey map in a browser",
		Long: `Serve a page that shows the rendered journey map and redraws itself within
a second whenever the journey file or a data file changes on disk: edit the
YAML in a workshop and the wall shows the new map as you save.

While the journey file has errors, the page lists them and keeps showing
the last good map. A switch on the page shows the flow picture or the
canvas (--view picks the one it starts with). GET /map.svg returns the
current diagram (?view=flow or ?view=canvas for either), GET /state its
version and diagnostics as JSON.

The server listens on 127.0.0.1:8080 by default, so only this computer can
see it; give --addr 0.0.0.0:8080 (or :8080) to show it to the network.`,
		Example: `  journey serve examples/online-store.yaml
  journey serve map.yaml --data funnel.csv --addr 127.0.0.1:9000
  journey serve map.yaml --persona bargain-hunter --theme high-contrast
  journey serve map.yaml --data events.csv --map user_id=visitor --window 7d --color-by channel`,
		Args: argCount(1, 1, "the journey FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			dopts, err := opts.data.resolve(opts.file)
			if err != nil {
				return err
			}
			opts.dopts = dopts
			if opts.poll <= 0 {
				return usagef("invalid --poll %s: expected a positive duration such as 200ms", opts.poll)
			}
			if _, err := os.Stat(opts.file); err != nil {
				return ioError{fmt.Errorf("cannot read %s: %w", opts.file, unwrapPathError(err))}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			ln, err := net.Listen("tcp", opts.addr)
			if err != nil {
				return usagef("cannot listen on %s: %w", opts.addr, err)
			}
			fmt.Fprintf(s.err, "journey: serving %s on http://%s/ (Ctrl-C to stop)\n", opts.file, ln.Addr())
			return runServe(ctx, s, opts, ln)
		},
	}
	cmd.Flags().StringVar(&opts.addr, "addr", "127.0.0.1:8080", "HOST:PORT to listen on")
	cmd.Flags().DurationVar(&opts.poll, "poll", 200*time.Millisecond, "how often to look for changes on disk")
	maxFileSizeFlag(cmd, &opts.maxSize)
	opts.data.register(cmd, false)
	opts.pic.register(cmd)
	return cmd
}

// runServe serves the preview on ln until ctx ends.
func runServe(ctx context.Context, s *streams, opts *serveOptions, ln net.Listener) error {
	p := newPreview(s, opts)
	p.rebuild(ctx)
	srv := &http.Server{
		Handler:           p.handler(ln.Addr()),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		// Idle keep-alive connections are closed, so that clients that come
		// and go cannot pile them up.
		IdleTimeout: 60 * time.Second,
	}
	go p.watch(ctx)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return ioError{fmt.Errorf("serving: %w", err)}
	case <-ctx.Done():
	}
	p.close()
	p.mu.Lock()
	release := p.release
	p.mu.Unlock()
	if release != nil {
		release()
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdown)
	return nil
}

// previewState is what the page learns from /state and /events.
type previewState struct {
	// Version grows by one whenever the map or the diagnostics change.
	Version int `json:"version"`
	// OK is false while the journey or its data cannot be drawn; the last
	// good map is still served.
	OK     bool `json:"ok"`
	HasMap bool `json:"has_map"`
	// MapVersion is the Version at which the map last changed; the page
	// fetches /map.svg when it has not shown that one yet.
	MapVersion int `json:"map_version"`
	// View is the picture the page starts with (--view).
	View        string           `json:"view"`
	Diagnostics []diagnosticJSON `json:"diagnostics"`
	// Error is a problem that is not about the journey file's content: an
	// unreadable file, a data file that cannot be used, a drawing failure.
	Error   string `json:"error,omitempty"`
	Updated string `json:"updated"`
}

type diagnosticJSON struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
}

// fileStamp tells whether a file changed since the last look.
type fileStamp struct {
	size    int64
	modTime time.Time
	missing bool
}

// maxSubscribers bounds the pages that follow the preview's events at once.
const maxSubscribers = 64

// sseWriteTimeout is how long a page may take to accept one event.
const sseWriteTimeout = 10 * time.Second

type preview struct {
	s    *streams
	opts *serveOptions
	// writeTimeout is sseWriteTimeout; tests shorten it.
	writeTimeout time.Duration

	mu    sync.Mutex
	state previewState
	// svgs are the last good map's pictures, by view (diagram.Views).
	svgs   map[string][]byte
	subs   map[chan struct{}]bool
	stamps map[string]fileStamp
	closed bool
	// release stops the helpers started for the next redraw (see
	// streams.prestart); rebuild is their only user.
	release func()
}

func newPreview(s *streams, opts *serveOptions) *preview {
	return &preview{s: s, opts: opts, writeTimeout: sseWriteTimeout, subs: map[chan struct{}]bool{}, state: previewState{Diagnostics: []diagnosticJSON{}}}
}

// watchedFiles are the paths whose changes trigger a redraw.
func (p *preview) watchedFiles() []string {
	return append([]string{p.opts.file}, p.opts.data.files()...)
}

func stampsOf(files []string) map[string]fileStamp {
	out := make(map[string]fileStamp, len(files))
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			out[f] = fileStamp{missing: true}
			continue
		}
		out[f] = fileStamp{size: st.Size(), modTime: st.ModTime()}
	}
	return out
}

// watch polls the files and redraws when one changes. Polling works the
// same on every platform and with editors that save by renaming a new file
// over the old one.
func (p *preview) watch(ctx context.Context) {
	t := time.NewTicker(p.opts.poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := stampsOf(p.watchedFiles())
		p.mu.Lock()
		changed := false
		for f, st := range now {
			if p.stamps[f] != st {
				changed = true
			}
		}
		p.mu.Unlock()
		if changed {
			p.rebuild(ctx)
		}
	}
}

// rebuild loads the journey and data and redraws the map; on failure it
// keeps the last good map and records why.
func (p *preview) rebuild(ctx context.Context) {
	stamps := stampsOf(p.watchedFiles())
	svgs, diags, err := p.draw(ctx)
	// The next redraw's helpers load Graphviz now, while the workshop
	// edits the map, so that the redraw itself does not wait for them.
	var release func()
	if p.s.prestart != nil && ctx.Err() == nil {
		release = p.s.prestart(ctx, "svg", 1)
	}
	list := make([]diagnosticJSON, 0, len(diags))
	for _, d := range diags {
		list = append(list, diagnosticJSON{d.File, d.Line, d.Column, d.Severity.String(), d.Rule, d.Message})
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if release != nil {
		p.release = release
	}
	p.stamps = stamps
	next := previewState{
		Version:     p.state.Version,
		OK:          err == nil && diags.Errors() == 0 && svgs != nil,
		View:        p.opts.pic.view,
		Diagnostics: list,
		Updated:     time.Now().Format(time.RFC3339),
	}
	if err != nil && !errors.Is(err, errInvalid) {
		next.Error = err.Error()
	}
	mapChanged := false
	for _, v := range diagram.Views {
		mapChanged = mapChanged || next.OK && !bytes.Equal(svgs[v], p.svgs[v])
	}
	if next.OK {
		p.svgs = svgs
	}
	next.HasMap = p.svgs != nil
	next.MapVersion = p.state.MapVersion
	if mapChanged || !sameState(next, p.state) || p.state.Version == 0 {
		next.Version++
	}
	if mapChanged {
		next.MapVersion = next.Version
	}
	if next.Version != p.state.Version {
		p.state = next
		for c := range p.subs {
			select {
			case c <- struct{}{}:
			default:
			}
		}
		p.log()
	}
}

func sameState(a, b previewState) bool {
	if a.OK != b.OK || a.Error != b.Error || len(a.Diagnostics) != len(b.Diagnostics) {
		return false
	}
	for i := range a.Diagnostics {
		if a.Diagnostics[i] != b.Diagnostics[i] {
			return false
		}
	}
	return true
}

// log tells the terminal what the page now shows.
func (p *preview) log() {
	st := p.state
	switch {
	case st.Error != "" && !st.HasMap:
		fmt.Fprintf(p.s.err, "journey: %s (the page says so; no map to show)\n", st.Error)
	case st.Error != "":
		fmt.Fprintf(p.s.err, "journey: %s (showing the last good map)\n", st.Error)
	case !st.OK:
		fmt.Fprintf(p.s.err, "journey: %s has %s; showing the last good map\n", p.opts.file, plural(countErrors(st.Diagnostics), "error"))
	default:
		fmt.Fprintf(p.s.err, "journey: map redrawn (version %d)\n", st.Version)
	}
}

func countErrors(ds []diagnosticJSON) int {
	n := 0
	for _, d := range ds {
		if d.Severity == "error" {
			n++
		}
	}
	return n
}

// draw renders the map as SVG in every view, the same way journey render
// does, so that the page's switch shows the other view at once.
func (p *preview) draw(ctx context.Context) (map[string][]byte, journey.Diagnostics, error) {
	_, src, err := readJourneyFile(p.s, p.opts.file, p.opts.maxSize)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read %s: %w", p.opts.file, unwrapPathError(err))
	}
	j, diags := journey.Parse(p.opts.file, src)
	if j == nil || diags.Errors() > 0 {
		return nil, diags, errInvalid
	}
	if err := p.opts.data.checkPersona(j); err != nil {
		return nil, diags, err
	}
	var a *journey.Analysis
	if len(p.opts.data.data) > 0 {
		// Warnings about the data go to the page with the error, not to
		// the terminal at every redraw.
		var errBuf bytes.Buffer
		quiet := *p.s
		quiet.err, quiet.errTTY = &errBuf, false
		a, err = analyzeData(&quiet, j, p.opts.data.data, p.opts.dopts)
		if err != nil {
			msg := strings.TrimSpace(errBuf.String())
			if msg == "" || !errors.Is(err, errInvalid) {
				msg = err.Error()
			}
			return nil, diags, errors.New(msg)
		}
	}
	svgs := map[string][]byte{}
	for _, v := range diagram.Views {
		pic := p.opts.pic
		pic.view = v
		svg, err := drawMap(ctx, p.s, j, a, p.opts.data.persona, pic, "svg")
		if err != nil {
			return nil, diags, err
		}
		svgs[v] = svg
	}
	return svgs, diags, nil
}

func (p *preview) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	for c := range p.subs {
		close(c)
		delete(p.subs, c)
	}
}

// snapshot is the state and the last good map's picture in the view
// ("" for the state alone).
func (p *preview) snapshot(view string) (previewState, []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.state, p.svgs[view]
}

func (p *preview) handler(addr net.Addr) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprint(w, previewPage)
	})
	mux.HandleFunc("GET /map.svg", func(w http.ResponseWriter, r *http.Request) {
		view := r.URL.Query().Get("view")
		if view == "" {
			view = p.opts.pic.view
		}
		if !slices.Contains(diagram.Views, view) {
			http.Error(w, fmt.Sprintf("expected view %s, found %q", strings.Join(diagram.Views, " or "), view), http.StatusBadRequest)
			return
		}
		_, svg := p.snapshot(view)
		w.Header().Set("Cache-Control", "no-store")
		if svg == nil {
			http.Error(w, "no map yet: the journey file has errors, see /state", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Write(svg)
	})
	mux.HandleFunc("GET /state", func(w http.ResponseWriter, r *http.Request) {
		st, _ := p.snapshot("")
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false) // read by the page's script, never pasted into HTML
		enc.Encode(st)
	})
	mux.HandleFunc("GET /events", p.events)
	return guardHost(addr, mux)
}

// events streams the state as server-sent events: once on connect, then at
// every change.
func (p *preview) events(w http.ResponseWriter, r *http.Request) {
	c := make(chan struct{}, 1)
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	if len(p.subs) >= maxSubscribers {
		p.mu.Unlock()
		http.Error(w, "too many pages are watching this preview; close some", http.StatusServiceUnavailable)
		return
	}
	p.subs[c] = true
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.subs, c)
		p.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	rc := http.NewResponseController(w)
	// write sends one message; a client that does not read it within
	// p.writeTimeout is dropped, so it cannot hold the server's memory.
	write := func(msg string) bool {
		if err := rc.SetWriteDeadline(time.Now().Add(p.writeTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return false
		}
		if _, err := io.WriteString(w, msg); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	send := func() bool {
		st, _ := p.snapshot("")
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // the encoder writes no line breaks inside, which would split the event
		enc.Encode(st)
		return write("data: " + strings.TrimSuffix(b.String(), "\n") + "\n\n")
	}
	if !send() {
		return
	}
	keepAlive := time.NewTicker(15 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case _, open := <-c:
			if !open || !send() {
				return
			}
		case <-keepAlive.C:
			if !write(": keep-alive\n\n") {
				return
			}
		}
	}
}

// guardHost refuses requests whose Host header names another machine when
// the server listens on loopback only, so a web page elsewhere cannot reach
// the preview through DNS rebinding.
func guardHost(addr net.Addr, next http.Handler) http.Handler {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsLoopback() {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
		ip := net.ParseIP(host)
		if !strings.EqualFold(host, "localhost") && (ip == nil || !ip.IsLoopback()) {
			http.Error(w, "this preview only answers to localhost", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}
