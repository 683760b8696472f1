# Make targets for the dbt Cloud Go SDK generator. `make generate` regenerates the clients;
# `make test` is the full check CI runs.

GO          ?= go
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2

# The pinned spec files are read from DBTCLOUD_SPECS, else from ../shared/specs when it
# exists, else downloaded from upstream at the locked commit into .cache/specs.
DBTCLOUD_SPECS ?= $(wildcard $(abspath ../shared/specs))
export DBTCLOUD_SPECS

GEN := $(GO) run ./cmd/gen

.PHONY: all generate check vet test test-short fuzz bench bench-readme bench-smoke

all: test

## generate: regenerate generated/ from specs/lock.json and overlays/
generate:
	$(GEN) generate

## check: fail when generated/ differs from a fresh generation
check:
	$(GEN) check

## vet: formatting, go vet and staticcheck
vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "not gofmt-ed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

## test: vet, every test (race detector on the hand-written packages), and the drift check
test: vet
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -race ./dbtrt/... ./gen/... ./dbtcloud/... ./dbtcloudtest/...
	$(MAKE) bench-smoke
	$(MAKE) check

## test-short: the quick tests only
test-short:
	$(GO) test -short ./...

## fuzz: a short run of every fuzz target
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzParseTime -fuzztime=20s ./dbtrt
	$(GO) test -run='^$$' -fuzz=FuzzExpandPath -fuzztime=20s ./dbtrt
	$(GO) test -run='^$$' -fuzz=FuzzGoName -fuzztime=20s ./gen/naming
	$(GO) test -run='^$$' -fuzz=FuzzApply -fuzztime=20s ./gen/overlay

## bench: the comparison table against plain oapi-codegen (medians; about ten minutes)
bench:
	$(GO) run ./cmd/benchtable

## bench-readme: bench, and put the table into README.md
bench-readme:
	$(GO) run ./cmd/benchtable -readme README.md

## bench-smoke: every benchmark once, to prove they run; never timed
bench-smoke:
	$(GO) test -run='^$$' -bench=. -benchtime=1x ./gen/bench/... ./dbtcloud
