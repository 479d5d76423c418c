//go:build unix

package localcognito

import (
	"math"
	"syscall"
)

// fileLimit is the soft RLIMIT_NOFILE, which Go has raised to the hard
// limit at start-up.
func fileLimit() int {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return defaultFileLimit
	}
	return int(min(rl.Cur, math.MaxInt32))
}
