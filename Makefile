# A thin wrapper over CMake. Every target first checks (and, as root, installs) the Debian
# packages it needs: scripts/deps.sh <target>.
#
#   make            build build/vaultlister.so
#   make test       build everything (library, test binaries) and run ctest
#   make test-dqlite  build, then run tests/dqlite/run.sh: a 3-node dqlite cluster, leader failovers
#   make demo       build, then generate build/demo/vaultlister-demo.db and print its report
#   make datasette  build, then serve DATASETTE_DB (the demo database, generated when missing)
#                   immutable in Datasette 0.64.8 with the datasette-vaultlister plugin, on
#                   127.0.0.1:$(DATASETTE_PORT) only (venv in $(BUILD)/datasette/venv, from ../shared/third_party)
#   make install    PREFIX=/usr/local DESTDIR= : $(PREFIX)/lib/vaultlister.so and the docs
#   make deb        build/vaultlister_<version>_<arch>.deb (CPack)
#   make bench      build, then run bench/run.sh: ratios against baselines in build/bench/results.json
#   make bindings   copy the library into bindings/node/lib and bindings/python/vaultlister
#   make test-sanitize  the whole suite (every ctest test) under AddressSanitizer +
#                   UndefinedBehaviorSanitizer ($(SAN_BUILD), VL_SANITIZE=ON)
#   make coverage   the whole suite and the vl_faults sweeps (COV_FAULTS_ARGS) on a --coverage
#                   build ($(COV_BUILD)), then gcovr: $(BUILD)/coverage/summary.json (+ index.html),
#                   branch coverage of ext/ and functions/
#   make clean      remove build/
#   make test-faults  I/O-fault, out-of-memory and power-loss runs (tests/faults; FAULTS_ARGS)
#   make fuzz       each libFuzzer target for FUZZ_SECONDS under ASan+UBSan (clang; FUZZ_BUILD)

BUILD    ?= build
PREFIX   ?= /usr/local
DESTDIR  ?=
JOBS     ?= 2
CMAKE    ?= cmake
PYTHON   ?= /usr/bin/python3
FUZZ_SECONDS ?= 20
FUZZ_BUILD   ?= build-fuzz
# vl_faults: every power-loss cut point; for I/O and allocation faults at most 400
# values of N per sweep, evenly spaced (--max-runs 0: every N, several hours).
FAULTS_ARGS  ?= --max-runs 400
SAN_BUILD ?= build-sanitize
COV_BUILD ?= build-coverage

# `make test` needs the test suites configured in; the other targets keep whatever build/
# already has (a fresh build/ is configured without tests, so `make` needs no test packages).
CONFIGURE_ANY   = [ -f $(BUILD)/CMakeCache.txt ] || $(CMAKE) -S . -B $(BUILD) -DVL_TESTS=OFF
CONFIGURE_TESTS = grep -qs '^VL_TESTS:BOOL=ON$$' $(BUILD)/CMakeCache.txt || $(CMAKE) -S . -B $(BUILD) -DVL_TESTS=ON

.PHONY: all build test test-dqlite test-sanitize coverage demo datasette install deb bindings bench clean

all: build

build:
	@bash scripts/deps.sh build
	@$(CONFIGURE_ANY)
	$(CMAKE) --build $(BUILD) --target vaultlister -j$(JOBS)

test:
	@bash scripts/deps.sh test
	@$(CONFIGURE_TESTS)
	$(CMAKE) --build $(BUILD) -j$(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# Also part of `make test` (ctest client_dqlite). Bounded: each wait inside gives up after 30 s.
test-dqlite:
	@bash scripts/deps.sh test-dqlite
	@$(CONFIGURE_ANY)
	$(CMAKE) --build $(BUILD) --target vaultlister vaultlister_preload -j$(JOBS)
	bash tests/dqlite/run.sh $(BUILD)

# The GoogleTest binaries link -fsanitize themselves and load the sanitized library: leaks are
# checked there. Every other test of the suite (the client scripts: sqlite3 shell, Python,
# Node with better-sqlite3 and the npm/pip bindings, sqlite-utils, the dqlite cluster, the demo,
# the docs examples; the fuzz-corpus replays) runs a host program that is not sanitized, so it
# gets the sanitizer runtimes preloaded (they must come first) and leak checking off (the hosts'
# own allocations are not ours to judge). docs/reliability.md.
SAN_GTEST = ^(unit|sql_system_sqlite|sql_new_sqlite)$$
SAN_UBSAN = UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
test-sanitize:
	@bash scripts/deps.sh sanitize
	@grep -qs '^VL_SANITIZE:BOOL=ON$$' $(SAN_BUILD)/CMakeCache.txt || \
	  $(CMAKE) -S . -B $(SAN_BUILD) -DVL_TESTS=ON -DVL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	$(CMAKE) --build $(SAN_BUILD) -j$(JOBS)
	cd $(SAN_BUILD) && $(SAN_UBSAN) ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 \
	  ctest --output-on-failure -j$(JOBS) -R '$(SAN_GTEST)'
	cd $(SAN_BUILD) && $(SAN_UBSAN) ASAN_OPTIONS=halt_on_error=1:detect_leaks=0 \
	  LD_PRELOAD="$$($(CXX) -print-file-name=libasan.so) $$($(CXX) -print-file-name=libubsan.so)" \
	  ctest --output-on-failure -j$(JOBS) -E '$(SAN_GTEST)'

# Branch coverage of the extension's own code (ext/, functions/): generated sources, tests and
# the SQLite amalgamation are excluded. Exception-only branches that the compiler adds for
# every call that may throw are excluded too (--exclude-throw-branches): they are not decisions
# of ours. The figure is printed and stored; ctest failures do not stop the report (they are
# reported by make test), so the number always reflects the current suite.
# The suite is followed by the fault-injection sweeps of tests/faults (VL_FAULTS=ON): vl_faults
# links the same --coverage objects as vaultlister.so, so the error paths of the sqlite3_* and
# OpenSSL calls that only an allocation or I/O fault reaches count too. COV_FAULTS_ARGS bounds
# them (at most 400 N per sweep; every 50th power-loss cut point, which only vl_migrate walks);
# their output goes to $(BUILD)/coverage/vl_faults.log, and a failed check (reported by
# make test-faults) does not stop the report either.
COV_FAULTS_ARGS ?= --max-runs 400 --stride 50
coverage:
	@bash scripts/deps.sh coverage
	@grep -qs '^CMAKE_CXX_FLAGS:STRING=--coverage' $(COV_BUILD)/CMakeCache.txt && \
	  grep -qs '^VL_FAULTS:BOOL=ON$$' $(COV_BUILD)/CMakeCache.txt || \
	  $(CMAKE) -S . -B $(COV_BUILD) -DVL_TESTS=ON -DVL_FAULTS=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS=--coverage \
	    -DCMAKE_C_FLAGS= -DCMAKE_MODULE_LINKER_FLAGS=--coverage -DCMAKE_EXE_LINKER_FLAGS=--coverage
	$(CMAKE) --build $(COV_BUILD) -j$(JOBS)
	find $(COV_BUILD) -name '*.gcda' -delete
	-cd $(COV_BUILD) && ctest -j$(JOBS)
	mkdir -p $(BUILD)/coverage
	-$(COV_BUILD)/tests/faults/vl_faults $(COV_FAULTS_ARGS) > $(BUILD)/coverage/vl_faults.log 2>&1; \
	  tail -n 3 $(BUILD)/coverage/vl_faults.log
	gcovr --root . --object-directory $(COV_BUILD) --filter 'ext/' --filter 'functions/' \
	  --exclude-throw-branches --exclude-unreachable-branches \
	  --json-summary-pretty --json-summary $(BUILD)/coverage/summary.json \
	  --html-details $(BUILD)/coverage/index.html --print-summary
	@$(PYTHON) -c "import json,sys; s=json.load(open('$(BUILD)/coverage/summary.json')); \
	  print('vaultlister: branch coverage of ext/ and functions/: %.1f%% (%d of %d branches; goal 90%%)' % \
	  (s['branch_percent'], s['branch_covered'], s['branch_total']))"

test-faults:
	@bash scripts/deps.sh test
	@grep -qs '^VL_FAULTS:BOOL=ON$$' $(BUILD)/CMakeCache.txt || $(CMAKE) -S . -B $(BUILD) -DVL_TESTS=ON -DVL_FAULTS=ON
	$(CMAKE) --build $(BUILD) --target vl_faults -j$(JOBS)
	$(BUILD)/tests/faults/vl_faults $(FAULTS_ARGS)

fuzz:
	@bash scripts/deps.sh fuzz
	@[ -f $(FUZZ_BUILD)/CMakeCache.txt ] || CC=clang CXX=clang++ $(CMAKE) -S . -B $(FUZZ_BUILD) -DVL_TESTS=OFF -DVL_FUZZ=ON
	$(CMAKE) --build $(FUZZ_BUILD) -j$(JOBS) --target $(patsubst tests/fuzz/%.cpp,%,$(wildcard tests/fuzz/fuzz_*.cpp))
	bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

demo:
	@bash scripts/deps.sh demo
	@$(CONFIGURE_ANY)
	$(CMAKE) --build $(BUILD) --target vaultlister -j$(JOBS)
	$(PYTHON) scripts/demo.py --ext $(BUILD)/vaultlister --out $(BUILD)/demo/vaultlister-demo.db

DATASETTE_DB   ?= $(BUILD)/demo/vaultlister-demo.db
DATASETTE_PORT ?= 8001
datasette:
	@bash scripts/deps.sh datasette
	@$(CONFIGURE_ANY)
	$(CMAKE) --build $(BUILD) --target vaultlister -j$(JOBS)
	@[ -f $(DATASETTE_DB) ] || $(PYTHON) scripts/demo.py --ext $(BUILD)/vaultlister --out $(DATASETTE_DB) > /dev/null
	bash bindings/datasette/dev-venv.sh $(BUILD)/datasette/venv $(BUILD)/vaultlister.so
	@echo "vaultlister: the dashboard: http://127.0.0.1:$(DATASETTE_PORT)/-/vaultlister"
	$(BUILD)/datasette/venv/bin/datasette serve -i $(DATASETTE_DB) --host 127.0.0.1 --port $(DATASETTE_PORT)

# The library goes to $(PREFIX)/lib (not a multiarch directory) so that
# `.load $(PREFIX)/lib/vaultlister` finds it; docs to $(PREFIX)/share/doc/vaultlister.
install:
	@bash scripts/deps.sh install
	@$(CONFIGURE_ANY)
	$(CMAKE) --build $(BUILD) --target vaultlister -j$(JOBS)
	DESTDIR=$(DESTDIR) $(CMAKE) --install $(BUILD) --prefix $(PREFIX)

deb:
	@bash scripts/deps.sh deb
	@$(CONFIGURE_ANY)
	$(CMAKE) --build $(BUILD) --target vaultlister -j$(JOBS)
	cd $(BUILD) && cpack -G DEB

bench:
	@bash scripts/deps.sh bench
	@$(CONFIGURE_ANY)
	$(CMAKE) --build $(BUILD) --target vaultlister -j$(JOBS)
	bash bench/run.sh $(BUILD)

bindings: build
	bash scripts/stage-bindings.sh $(BUILD)/vaultlister.so bindings/node bindings/python

clean:
	@bash scripts/deps.sh clean
	rm -rf $(BUILD) bindings/node/lib bindings/python/vaultlister/vaultlister.so bindings/python/vaultlister/build.json
