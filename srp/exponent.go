package srp

// Exponents (a, b, x, u and a + u·x) are big-endian bytes; these helpers
// read their bits and compute the client's a + u·x.

// bitAt is bit i (0 = least significant) of the big-endian e.
func bitAt(e []byte, i int) uint {
	j := len(e) - 1 - i/8
	if j < 0 {
		return 0
	}
	return uint(e[j]>>(i%8)) & 1
}

// bitLen is the length of e in bits, leading zeros not counted.
func bitLen(e []byte) int {
	e = trimLeadingZeros(e)
	if len(e) == 0 {
		return 0
	}
	return 8*len(e) - leadingZeroBits(e[0])
}

// mulAdd returns u·x + a.
func mulAdd(u, x, a []byte) []byte {
	uw, xw, aw := toWords(u), toWords(x), toWords(a)
	z := make([]uint32, max(len(uw)+len(xw), len(aw))+1)
	for i, ui := range uw {
		var c uint64
		for j, xj := range xw {
			v := uint64(z[i+j]) + uint64(ui)*uint64(xj) + c
			z[i+j], c = uint32(v), v>>32
		}
		z[i+len(xw)] = uint32(c) // untouched by earlier rows
	}
	var c uint64
	for i := range z {
		v := uint64(z[i]) + c
		if i < len(aw) {
			v += uint64(aw[i])
		}
		z[i], c = uint32(v), v>>32
	}
	return fromWords(z)
}

// toWords is big-endian bytes as little-endian 32-bit words.
func toWords(b []byte) []uint32 {
	w := make([]uint32, (len(b)+3)/4)
	for i := range b {
		w[i/4] |= uint32(b[len(b)-1-i]) << (8 * (i % 4))
	}
	return w
}

func fromWords(w []uint32) []byte {
	b := make([]byte, 4*len(w))
	for i := range b {
		b[len(b)-1-i] = byte(w[i/4] >> (8 * (i % 4)))
	}
	return trimLeadingZeros(b)
}
