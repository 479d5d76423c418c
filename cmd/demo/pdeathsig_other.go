//go:build !linux

package main

import "syscall"

// setParentDeathSignal: only Linux can end a child when its parent dies.
func setParentDeathSignal(*syscall.SysProcAttr) {}
