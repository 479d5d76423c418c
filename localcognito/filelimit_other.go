//go:build !unix

package localcognito

// fileLimit is the usual Unix soft limit where the process has none to ask.
func fileLimit() int { return defaultFileLimit }
