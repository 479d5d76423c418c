package main

import "syscall"

// setParentDeathSignal has Linux end the lambda runner when the demo dies
// without stopping it (SIGKILL, a crash).
func setParentDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGTERM }
