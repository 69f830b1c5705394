# A thin wrapper over CMake. Every target first checks (and, as root, installs) the Debian
# packages it needs: scripts/deps.sh <target>.
#
#   make            build build/vaultlister.so
#   make test       build everything (library, test binaries) and run ctest
#   make demo       build, then generate build/demo/vaultlister-demo.db and print its report
#   make install    PREFIX=/usr/local DESTDIR= : $(PREFIX)/lib/vaultlister.so and the docs
#   make deb        build/vaultlister_<version>_<arch>.deb (CPack)
#   make bench      build, then run bench/run.sh: ratios against baselines in build/bench/results.json
#   make bindings   copy the library into bindings/node/lib and bindings/python/vaultlister
#   make clean      remove build/

BUILD    ?= build
PREFIX   ?= /usr/local
DESTDIR  ?=
JOBS     ?= 2
CMAKE    ?= cmake
PYTHON   ?= /usr/bin/python3

# `make test` needs the test suites configured in; the other targets keep whatever build/
# already has (a fresh build/ is configured without tests, so `make` needs no test packages).
CONFIGURE_ANY   = [ -f $(BUILD)/CMakeCache.txt ] || $(CMAKE) -S . -B $(BUILD) -DVL_TESTS=OFF
CONFIGURE_TESTS = grep -qs '^VL_TESTS:BOOL=ON$$' $(BUILD)/CMakeCache.txt || $(CMAKE) -S . -B $(BUILD) -DVL_TESTS=ON

.PHONY: all build test demo install deb bindings bench clean

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

demo:
	@bash scripts/deps.sh demo
	@$(CONFIGURE_ANY)
	$(CMAKE) --build $(BUILD) --target vaultlister -j$(JOBS)
	$(PYTHON) scripts/demo.py --ext $(BUILD)/vaultlister --out $(BUILD)/demo/vaultlister-demo.db

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
