package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// writeOutput is the one writer of every file a command produces (-o).
// "" and "-" are standard output. Otherwise:
//   - a path that is one of the run's inputs is refused (usage error), so a
//     slip of the finger cannot destroy the map or its data;
//   - a FIFO, a device, a socket and anything under /dev or /proc (such as
//     /dev/stdout) is written through, never replaced;
//   - a symbolic link writes to the file it points to, and stays a link;
//   - a read-only file is refused rather than replaced;
//   - a regular file is written whole or not at all: a temporary file in
//     the same folder, synced to disk, then renamed over it, keeping the
//     old file's permissions. The temporary file is removed on failure and
//     on SIGINT or SIGTERM.
func writeOutput(s *streams, out string, data []byte, inputs []string) error {
	if out == "" || out == "-" {
		if _, err := s.out.Write(data); err != nil {
			return ioError{fmt.Errorf("cannot write to standard output: %w", err)}
		}
		return nil
	}
	if err := refuseInput(out, inputs); err != nil {
		return err
	}
	target := out
	if st, err := os.Lstat(out); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		if real, err := filepath.EvalSymlinks(out); err == nil {
			target = real
		} else if link, lerr := os.Readlink(out); lerr == nil {
			// A dangling link: create the file it names.
			if !filepath.IsAbs(link) {
				link = filepath.Join(filepath.Dir(out), link)
			}
			target = link
		}
	}
	st, err := os.Stat(target)
	switch {
	case err == nil && st.IsDir():
		return ioError{fmt.Errorf("cannot write %s: it is a directory", out)}
	case isSpecialPath(out):
		return writeThrough(out, out, data)
	case err == nil && !st.Mode().IsRegular(), isSpecialPath(target):
		return writeThrough(out, target, data)
	case err == nil && st.Mode().Perm()&0o222 == 0:
		return ioError{fmt.Errorf("cannot write %s: the file is read-only; make it writable or choose another -o", out)}
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return ioError{fmt.Errorf("cannot write %s: %w", out, unwrapPathError(err))}
	}
	mode := fs.FileMode(0o644)
	if err == nil {
		mode = st.Mode().Perm()
	}
	return replaceFile(out, target, data, mode)
}

// refuseInput refuses an output that is one of the run's inputs, by file
// identity (so a link or another spelling of the path is caught too).
func refuseInput(out string, inputs []string) error {
	ost, err := os.Stat(out)
	if err != nil {
		return nil // nothing there yet: not an input
	}
	for _, in := range inputs {
		if in == "" || in == "-" {
			continue
		}
		if ist, err := os.Stat(in); err == nil && os.SameFile(ost, ist) {
			return usagef("will not write %s: it is an input of this run (%s); choose another -o", out, in)
		}
	}
	return nil
}

// isSpecialPath reports paths that name streams rather than files even
// when they resolve to a regular file, such as /dev/stdout redirected to
// one: replacing them would cut the file out from under the shell.
func isSpecialPath(p string) bool {
	abs, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	return strings.HasPrefix(abs, "/dev/") || strings.HasPrefix(abs, "/proc/")
}

func writeThrough(out, target string, data []byte) error {
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return ioError{fmt.Errorf("cannot write %s: %w", out, unwrapPathError(err))}
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return ioError{fmt.Errorf("cannot write %s: %w", out, unwrapPathError(werr))}
	}
	return nil
}

// replaceFile writes data to a temporary file beside target and renames it
// over target once it is complete and on disk.
func replaceFile(out, target string, data []byte, mode fs.FileMode) error {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return ioError{fmt.Errorf("cannot write %s: %w", out, unwrapPathError(err))}
	}
	temps.add(tmp.Name())
	defer temps.remove(tmp.Name())
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), mode)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), target)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return ioError{fmt.Errorf("cannot write %s: %w", out, unwrapPathError(werr))}
	}
	return nil
}

// temps are the temporary files being written; a SIGINT or SIGTERM while
// one exists removes them before the process ends.
var temps = &tempFiles{paths: map[string]bool{}}

type tempFiles struct {
	mu    sync.Mutex
	paths map[string]bool
	once  sync.Once
}

func (t *tempFiles) add(p string) {
	t.once.Do(func() {
		c := make(chan os.Signal, 1)
		signal.Notify(c, os.Interrupt, syscall.SIGTERM)
		go func() {
			sig := <-c
			t.removeAll()
			code := 130
			if sig == syscall.SIGTERM {
				code = 143
			}
			os.Exit(code)
		}()
	})
	t.mu.Lock()
	t.paths[p] = true
	t.mu.Unlock()
}

func (t *tempFiles) remove(p string) {
	t.mu.Lock()
	delete(t.paths, p)
	t.mu.Unlock()
}

// removeAll deletes every temporary file still being written.
func (t *tempFiles) removeAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for p := range t.paths {
		os.Remove(p)
		delete(t.paths, p)
	}
}
