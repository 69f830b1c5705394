# A thin wrapper over CMake's presets (CMakePresets.json). Every target first checks (and, as
# root, installs) the Debian packages it needs: scripts/deps.sh <target>.
#
# Each build variant has a folder of its own, so no target changes the flags of another one's
# objects; in particular build/vaultlister.so is always the product as `make` builds it:
#   build/           preset default   the product (vaultlister.so, vaultlister_preload.so)
#   build-test/      preset test      the same product flags plus every test suite
#   build-sanitize/  preset sanitize  build-coverage/  preset coverage
#   build-fuzz/      preset fuzz      build-faults/    preset faults (-fno-optimize-sibling-calls)
# Each folder can be moved with its variable (BUILD=, TEST_BUILD=, ...): the preset still sets
# the options, the variable only the folder.
#
#   make            build build/vaultlister.so (and build/vaultlister_preload.so)
#   make test       build the library and the test binaries in $(TEST_BUILD), run ctest there
#   make test-dqlite  build, then run tests/dqlite/run.sh: a 3-node dqlite cluster, leader failovers
#   make demo       build, then generate build/demo/vaultlister-demo.db and print its report
#   make datasette  build, then serve DATASETTE_DB (the demo database, generated when missing)
#                   immutable in Datasette 0.64.8 with the datasette-vaultlister plugin, on
#                   127.0.0.1:$(DATASETTE_PORT) only (venv in $(BUILD)/datasette/venv, from ../shared/third_party)
#   make install    PREFIX=/usr/local DESTDIR= : builds, then $(PREFIX)/lib/vaultlister.so,
#                   vaultlister_preload.so and the docs
#   make deb        build/vaultlister_<version>_<arch>.deb (CPack)
#   make bench      build, then run bench/run.sh: ratios against baselines in build/bench/results.json
#   make bindings   copy the library into bindings/node/lib and bindings/python/vaultlister
#   make test-sanitize  the whole suite (every ctest test) under AddressSanitizer +
#                   UndefinedBehaviorSanitizer ($(SAN_BUILD), VL_SANITIZE=ON)
#   make coverage   the whole suite and the vl_faults sweeps (COV_FAULTS_ARGS) on a --coverage
#                   build ($(COV_BUILD)), then gcovr: $(COV_BUILD)/coverage/summary.json (+ index.html),
#                   branch coverage of ext/ and functions/
#   make dll        $(WIN_BUILD)/vaultlister.dll (Windows x86_64) with Debian's mingw-w64, its
#                   dependencies built from Debian source packages (scripts/win-deps.sh), and the
#                   tzdata folder it reads beside it
#   make test-windows  the DLL in a Windows sqlite3.exe under Wine (tests/windows/run.sh)
#   make dist       $(WIN_BUILD)/vaultlister-<version>-windows-x86_64.zip (DLL, tzdata, licenses, docs)
#   make clean      remove every build folder above (and $(WIN_BUILD))
#   make test-faults  I/O-fault, out-of-memory and power-loss runs (tests/faults; FAULTS_ARGS;
#                   $(FAULTS_BUILD))
#   make fuzz       each libFuzzer target for FUZZ_SECONDS under ASan+UBSan (clang; FUZZ_BUILD)

BUILD    ?= build
TEST_BUILD   ?= build-test
SAN_BUILD    ?= build-sanitize
COV_BUILD    ?= build-coverage
FUZZ_BUILD   ?= build-fuzz
FAULTS_BUILD ?= build-faults
PREFIX   ?= /usr/local
DESTDIR  ?=
JOBS     ?= 2
CMAKE    ?= cmake
PYTHON   ?= /usr/bin/python3
FUZZ_SECONDS ?= 20
# vl_faults: every power-loss cut point; for I/O and allocation faults at most 400
# values of N per sweep, evenly spaced (--max-runs 0: every N, several hours).
FAULTS_ARGS  ?= --max-runs 400

# $(call configure,<preset>,<folder>): (re)configure a folder from its preset. Cheap when the
# folder is configured already, and it re-applies the preset's options, so a folder never keeps
# an option another target set. $(call compile,<folder>[,<targets>]): build it.
configure = $(CMAKE) --preset $(1) -B $(2) --log-level=WARNING
compile   = $(CMAKE) --build $(1) -j$(JOBS) $(if $(2),--target $(2))

WIN_BUILD ?= build-win
WIN_CMAKE_ARGS = -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake -DCMAKE_BUILD_TYPE=Release \
                 -DVL_TESTS=OFF -DVL_WIN_DEPS=$(abspath $(WIN_BUILD))/deps

.PHONY: all build test test-dqlite test-sanitize coverage test-faults fuzz demo install deb bindings bench clean datasette dll test-windows dist

all: build

# Everything the default preset has (vl_objects, vaultlister.so, vaultlister_preload.so): what
# install and deb install.
build:
	@bash scripts/deps.sh build
	@$(call configure,default,$(BUILD))
	$(call compile,$(BUILD))

test:
	@bash scripts/deps.sh test
	@$(call configure,test,$(TEST_BUILD))
	$(call compile,$(TEST_BUILD))
	ctest --test-dir $(TEST_BUILD) --output-on-failure -j$(JOBS)

# Also part of `make test` (ctest client_dqlite). Bounded: each wait inside gives up after 30 s.
test-dqlite:
	@bash scripts/deps.sh test-dqlite
	@$(call configure,default,$(BUILD))
	$(call compile,$(BUILD))
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
	@$(call configure,sanitize,$(SAN_BUILD))
	$(call compile,$(SAN_BUILD))
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
# their output goes to $(COV_BUILD)/coverage/vl_faults.log, and a failed check (reported by
# make test-faults) does not stop the report either.
COV_FAULTS_ARGS ?= --max-runs 400 --stride 50
coverage:
	@bash scripts/deps.sh coverage
	@$(call configure,coverage,$(COV_BUILD))
	$(call compile,$(COV_BUILD))
	find $(COV_BUILD) -name '*.gcda' -delete
	-cd $(COV_BUILD) && ctest -j$(JOBS)
	mkdir -p $(COV_BUILD)/coverage
	-$(COV_BUILD)/tests/faults/vl_faults $(COV_FAULTS_ARGS) > $(COV_BUILD)/coverage/vl_faults.log 2>&1; \
	  tail -n 3 $(COV_BUILD)/coverage/vl_faults.log
	gcovr --root . --object-directory $(COV_BUILD) --filter 'ext/' --filter 'functions/' \
	  --exclude-throw-branches --exclude-unreachable-branches \
	  --json-summary-pretty --json-summary $(COV_BUILD)/coverage/summary.json \
	  --html-details $(COV_BUILD)/coverage/index.html --print-summary
	@$(PYTHON) -c "import json,sys; s=json.load(open('$(COV_BUILD)/coverage/summary.json')); \
	  print('vaultlister: branch coverage of ext/ and functions/: %.1f%% (%d of %d branches; goal 90%%)' % \
	  (s['branch_percent'], s['branch_covered'], s['branch_total']))"

# Its own folder: VL_FAULTS builds the library's objects with -fno-optimize-sibling-calls
# (tests/faults/CMakeLists.txt), which must never reach build/vaultlister.so.
test-faults:
	@bash scripts/deps.sh test
	@$(call configure,faults,$(FAULTS_BUILD))
	$(call compile,$(FAULTS_BUILD),vl_faults)
	$(FAULTS_BUILD)/tests/faults/vl_faults $(FAULTS_ARGS)

fuzz:
	@bash scripts/deps.sh fuzz
	@$(call configure,fuzz,$(FUZZ_BUILD))
	$(call compile,$(FUZZ_BUILD),$(patsubst tests/fuzz/%.cpp,%,$(wildcard tests/fuzz/fuzz_*.cpp)))
	bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

demo:
	@bash scripts/deps.sh demo
	@$(call configure,default,$(BUILD))
	$(call compile,$(BUILD),vaultlister)
	$(PYTHON) scripts/demo.py --ext $(BUILD)/vaultlister --out $(BUILD)/demo/vaultlister-demo.db

DATASETTE_DB   ?= $(BUILD)/demo/vaultlister-demo.db
DATASETTE_PORT ?= 8001
datasette:
	@bash scripts/deps.sh datasette
	@$(call configure,default,$(BUILD))
	$(call compile,$(BUILD),vaultlister)
	@[ -f $(DATASETTE_DB) ] || $(PYTHON) scripts/demo.py --ext $(BUILD)/vaultlister --out $(DATASETTE_DB) > /dev/null
	bash bindings/datasette/dev-venv.sh $(BUILD)/datasette/venv $(BUILD)/vaultlister.so
	@echo "vaultlister: the dashboard: http://127.0.0.1:$(DATASETTE_PORT)/-/vaultlister"
	$(BUILD)/datasette/venv/bin/datasette serve -i $(DATASETTE_DB) --host 127.0.0.1 --port $(DATASETTE_PORT)

# The library goes to $(PREFIX)/lib (not a multiarch directory) so that
# `.load $(PREFIX)/lib/vaultlister` finds it; docs to $(PREFIX)/share/doc/vaultlister.
# It builds what it installs (the build target); tests/clients/make_install.sh checks that from
# a clean clone.
install: build
	DESTDIR=$(DESTDIR) $(CMAKE) --install $(BUILD) --prefix $(PREFIX)

deb: build
	@bash scripts/deps.sh deb
	cd $(BUILD) && cpack -G DEB

bench:
	@bash scripts/deps.sh bench
	@$(call configure,default,$(BUILD))
	$(call compile,$(BUILD),vaultlister)
	bash bench/run.sh $(BUILD)

bindings: build
	bash scripts/stage-bindings.sh $(BUILD)/vaultlister.so bindings/node bindings/python

# The dependencies are built once and cached in $(WIN_BUILD)/deps (OpenSSL's libcrypto is the
# slow one); a second make dll only rebuilds what changed in ext/ and functions/.
dll:
	@bash scripts/deps.sh windows
	JOBS=$(JOBS) bash scripts/win-deps.sh $(WIN_BUILD)/deps
	@[ -f $(WIN_BUILD)/CMakeCache.txt ] || $(CMAKE) -S . -B $(WIN_BUILD) $(WIN_CMAKE_ARGS)
	$(CMAKE) --build $(WIN_BUILD) --target vaultlister -j$(JOBS)
	rm -rf $(WIN_BUILD)/tzdata && cp -r $(WIN_BUILD)/deps/tzdata $(WIN_BUILD)/tzdata && rm $(WIN_BUILD)/tzdata/built.stamp

# Needs the Linux library too: the cross-platform checks compare both builds' results.
test-windows: dll build
	JOBS=$(JOBS) bash scripts/win-deps.sh $(WIN_BUILD)/deps --sqlite
	bash scripts/win-sqlite3.sh $(WIN_BUILD)/deps $(WIN_BUILD)/sqlite3.exe
	bash tests/windows/run.sh $(WIN_BUILD) $(BUILD)

dist: dll
	bash scripts/win-dist.sh $(WIN_BUILD)

clean:
	@bash scripts/deps.sh clean
	rm -rf $(BUILD) $(TEST_BUILD) $(SAN_BUILD) $(COV_BUILD) $(FUZZ_BUILD) $(FAULTS_BUILD) $(WIN_BUILD) bindings/node/lib bindings/python/vaultlister/vaultlister.so bindings/python/vaultlister/build.json
