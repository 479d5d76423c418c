// Package wasmsymbols checks which functions the linker keeps in the wasm
// module (./wasm built for js/wasm): fmt, math/big, encoding/json and
// reflect must stay out, whatever the import graph says. Its only content
// is the test.
package wasmsymbols
