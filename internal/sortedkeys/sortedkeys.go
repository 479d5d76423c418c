// Package sortedkeys lists a map's keys in byte order, for output that must
// not depend on map order: JSON as encoding/json writes it, and SigV4's
// canonical headers. It is a heap sort, not sort.Strings or slices.Sort,
// which would add 5,400 brotli bytes to the wasm; and not an insertion
// sort, since a map can come from the caller (ClientMetadata) with any
// number of keys.
package sortedkeys

// Of returns m's keys in byte order.
func Of[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	heapSort(keys)
	return keys
}

// heapSort sorts a in byte order in O(n log n).
func heapSort(a []string) {
	for i := len(a)/2 - 1; i >= 0; i-- {
		siftDown(a, i, len(a))
	}
	for end := len(a) - 1; end > 0; end-- {
		a[0], a[end] = a[end], a[0]
		siftDown(a, 0, end)
	}
}

// siftDown moves a[root] down the max-heap a[:n] to where it belongs.
func siftDown(a []string, root, n int) {
	for {
		child := 2*root + 1
		if child >= n {
			return
		}
		if child+1 < n && a[child] < a[child+1] {
			child++
		}
		if a[root] >= a[child] {
			return
		}
		a[root], a[child] = a[child], a[root]
		root = child
	}
}
