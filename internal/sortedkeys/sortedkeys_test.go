package sortedkeys

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// Of must order any number of keys as sort.Strings does: the
// caller's ClientMetadata reaches it, and an insertion sort once took
// minutes for 100,000 keys.
func TestOfMatchesSortStrings(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 7, 64, 1000, 100_000} {
		m := make(map[string]int, n)
		for len(m) < n {
			b := make([]byte, 1+r.IntN(12))
			for i := range b {
				b[i] = "ab\x00\xffé"[r.IntN(6)]
			}
			m[string(b)] = 0
		}
		want := make([]string, 0, n)
		for k := range m {
			want = append(want, k)
		}
		sort.Strings(want)
		if got := Of(m); !slices.Equal(got, want) {
			t.Fatalf("%d keys: Of differs from sort.Strings", n)
		}
	}
}
