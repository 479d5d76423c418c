# cognito-srp-wasm — see README.md. Two commands matter: `make demo`, `make test`.

GO       ?= go
NPM      ?= npm
VERSION  := $(shell node -p "require('./web/package.json').version" 2>/dev/null || echo dev)
SIZE_MAX ?= 750000

WASM     := web/dist/cognito-srp.wasm
LOADERS  := web/dist/cognito-srp.js web/dist/cognito-srp.mjs web/dist/cognito-srp.worker.js
GO_SRC   := $(shell find srp auth wasm internal -name '*.go' -not -name '*_test.go')

.PHONY: all build demo test test-go test-browser test-node size vet fmt-check bench clean

all: build

## build: the wasm module, the JavaScript loaders and the localcognito binary
build: $(WASM) $(LOADERS) bin/localcognito bin/demo

$(WASM): $(GO_SRC) srp/montkernel.wasm go.mod go.sum web/package.json
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w -X main.version=$(VERSION)" -o $@ ./wasm

$(LOADERS): $(wildcard web/src/*.js) scripts/build-web.mjs web/package.json
	node scripts/build-web.mjs

bin/localcognito: FORCE
	$(GO) build -o $@ ./cmd/localcognito

bin/demo: FORCE
	$(GO) build -o $@ ./cmd/demo

node_modules: package.json package-lock.json web/test/node18/package.json web/test/node18/package-lock.json
	$(NPM) ci --no-audit --no-fund
	$(NPM) ci --no-audit --no-fund --prefix web/test/node18
	@touch node_modules

## demo: build, start localcognito with a seeded pool and user, serve the demo page
demo: build node_modules
	./bin/demo

## test: every test — Go (native and in Chromium), Node, Playwright — and the size budget
test: build node_modules fmt-check vet test-go test-node size

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./auth/ ./wasm/ ./srp/ ./internal/...

## test-go: Go unit, known-answer, fuzz-seed and localcognito tests, plus the
## auth and wasm tests and srp's SIMD kernel inside headless Chromium
## (scripts/browsertest); then srp again on the Montgomery arithmetic the
## wasm build falls back to (-tags srpmont), and all of srp as js/wasm in
## Node, where its exponentiations run on the kernel
test-go:
	$(GO) test -race -count=1 ./...
	$(GO) test -count=1 -tags srpmont ./srp/
	PATH="$$PATH:$$($(GO) env GOROOT)/lib/wasm" GOOS=js GOARCH=wasm $(GO) test -count=1 ./srp/

## test-node: the npm package in Node, AWS's own clients, Playwright on the demo
test-node: build node_modules
	node --test --test-concurrency=1 web/test/*.test.mjs

## size: raw, gzip and brotli bytes of web/dist; fails over the budget
size: $(WASM) $(LOADERS)
	node scripts/size --max $(SIZE_MAX)

## bench: measure (never assert) SRP, cold start, sign-in, long tasks, bytes,
## native Go and localcognito under load; prints one table and writes
## docs/PERFORMANCE.md (scripts/bench/run.mjs; ~3–5 minutes on 2 cores)
bench: build node_modules
	node scripts/bench/run.mjs

clean:
	rm -rf web/dist bin test-artifacts

FORCE:
