package localcognito

import (
	"encoding/base64"
	"slices"
	"strconv"
)

// Pagination tokens are the base64 of the last key returned; the next
// page starts after it.

func pageToken(lastKey string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(lastKey))
}

// pageStart returns the index after the token's key in keys.
func pageStart(token string, keys []string) (int, *apiError) {
	if token == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return 0, errInvalidParameter("Invalid pagination token.")
	}
	i := slices.Index(keys, string(raw))
	if i < 0 {
		return 0, errInvalidParameter("Invalid pagination token.")
	}
	return i + 1, nil
}

// page cuts keys (sorted) into one page of at most limit items after token.
func page(keys []string, token string, limit int) ([]string, string, *apiError) {
	from, e := pageStart(token, keys)
	if e != nil {
		return nil, "", e
	}
	end := min(from+limit, len(keys))
	next := ""
	if end < len(keys) && end > from {
		next = pageToken(keys[end-1])
	}
	return keys[from:end], next, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
