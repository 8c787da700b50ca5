package earlyhelper

import "syscall"

// helperName is the helper's file name, next to journey's executable.
const helperName = "journey-graphviz"

func init() {
	// JOURNEY_EARLY_HELPER=0 turns the early start off (to compare, or
	// where a stray process at start is unwelcome).
	if v, ok := syscall.Getenv("JOURNEY_EARLY_HELPER"); ok && v == "0" {
		return
	}
	args, ok := cmdline()
	if !ok || len(args) < 2 || !Wanted(args[1:]) {
		return
	}
	exe := make([]byte, 4096)
	n, err := syscall.Readlink("/proc/self/exe", exe)
	if err != nil || n <= 0 || n >= len(exe) {
		return
	}
	dir := string(exe[:n])
	for len(dir) > 0 && dir[len(dir)-1] != '/' {
		dir = dir[:len(dir)-1]
	}
	path := dir + helperName
	var st syscall.Stat_t
	if syscall.Stat(path, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Mode&0o111 == 0 {
		return
	}
	started.Store(start(path))
}

// start starts the helper with its standard streams on pipes; nil when
// that fails (journey then starts the helper the ordinary way).
func start(path string) *Started {
	var in, out, errp [2]int
	if syscall.Pipe2(in[:], syscall.O_CLOEXEC) != nil {
		return nil
	}
	if syscall.Pipe2(out[:], syscall.O_CLOEXEC) != nil {
		closeAll(in[0], in[1])
		return nil
	}
	if syscall.Pipe2(errp[:], syscall.O_CLOEXEC) != nil {
		closeAll(in[0], in[1], out[0], out[1])
		return nil
	}
	// Graphviz runs on one thread; more Go processors would only add
	// garbage collection and scheduler work (as journey's own start of
	// the helper).
	env := []string{"GOMAXPROCS=1"}
	for _, kv := range syscall.Environ() {
		if len(kv) < 11 || kv[:11] != "GOMAXPROCS=" {
			env = append(env, kv)
		}
	}
	pid, err := syscall.ForkExec(path, []string{path, "tiles"}, &syscall.ProcAttr{
		Env:   env,
		Files: []uintptr{uintptr(in[0]), uintptr(out[1]), uintptr(errp[1])},
	})
	closeAll(in[0], out[1], errp[1])
	if err != nil {
		closeAll(in[1], out[0], errp[0])
		return nil
	}
	return &Started{Pid: pid, Path: path, Stdin: uintptr(in[1]), Stdout: uintptr(out[0]), Stderr: uintptr(errp[0])}
}

func closeAll(fds ...int) {
	for _, fd := range fds {
		syscall.Close(fd)
	}
}

// cmdline is the process's arguments, read from /proc: os.Args is not
// set yet when this package initialises.
func cmdline() ([]string, bool) {
	fd, err := syscall.Open("/proc/self/cmdline", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, false
	}
	defer syscall.Close(fd)
	var b []byte
	buf := make([]byte, 4096)
	for len(b) < 1<<20 {
		n, err := syscall.Read(fd, buf)
		if err != nil {
			return nil, false
		}
		if n == 0 {
			break
		}
		b = append(b, buf[:n]...)
	}
	var args []string
	for start, i := 0, 0; i < len(b); i++ {
		if b[i] == 0 {
			args = append(args, string(b[start:i]))
			start = i + 1
		}
	}
	return args, true
}
