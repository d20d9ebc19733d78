# Rux front door: every target does its own set-up on a fresh Debian 12 machine.
#
#   make run [SMP=n] [MEM=size] [APPEND='...']                 boot Rux in QEMU, root on ext4
#   make run CMD='uname -a; ls /'                              run one command, power off
#   make run DISK=disk.img                                     another ext4 image as root
#   make run INITRD=build/initramfs.cpio [DISK=disk.img]       the initramfs as root instead
#   make sim [SMP=n] [MEM=size] [APPEND='...'] [CMD='...']     the same on ruxsim, no QEMU
#                                                              (root: $(BUILD)/initramfs.cpio)
#   make test                                                  build and run ctest
#   make conformance                                           the user tests on Debian's
#                                                              Linux kernel in QEMU
#   make bench [BENCH_ARGS='--smp 1']                          Rux against Linux in QEMU
#                                                              (scripts/bench, docs/benchmarks.md)
#   make build                                                 build everything
#   make clean

BUILD   ?= build
SMP     ?= 1
MEM     ?= 512M
APPEND  ?=
INITRD  ?=
DISK    ?=
CMD     ?=
JOBS    ?= $(shell nproc)
BENCH_ARGS ?=

.PHONY: all setup configure build test conformance bench run sim clean

all: build

setup:
	@scripts/setup

$(BUILD)/CMakeCache.txt:
	@$(MAKE) --no-print-directory setup
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Debug

configure: $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j$(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# The reference run: the same initramfs on Debian's riscv64 Linux kernel
# (fetched once), so the expected outputs can be checked against Linux.
# The option is switched off again so that "make test" stays fast.
conformance: build
	cmake -S . -B $(BUILD) -DRUX_CONFORMANCE_TESTS=ON >/dev/null
	@status=0; cmake --build $(BUILD) -j$(JOBS) && \
	(cd $(BUILD) && ctest --output-on-failure -j$(JOBS) -R '^conformance\.') || status=$$?; \
	cmake -S . -B $(BUILD) -DRUX_CONFORMANCE_TESTS=OFF >/dev/null; exit $$status

# The table goes to stdout, results.csv and results.md to $(BUILD)/bench.
bench: build
	scripts/bench --build $(BUILD) $(BENCH_ARGS)

# CMD and APPEND reach the shell single-quoted and unexpanded ($(value)), so
# CMD='echo $HOME' runs "echo $HOME" on Rux. The test image's /init runs
# rux.cmd="CMD" and Rux powers off with its status; make fails when it is not 0.
# Without INITRD the root is an ext4 disk (root=/dev/vda rw init=/init): DISK,
# or by default $(BUILD)/run.ext4, a copy of the built rootfs.ext4 that runs
# keep changing until the build makes a new rootfs.ext4.
RUN_DISK = $(if $(DISK),$(DISK),$(if $(INITRD),,$(BUILD)/run.ext4))
run: build
	@cmd='$(subst ','\'',$(value CMD))'; append='$(subst ','\'',$(value APPEND))'; \
	if [ -z "$(INITRD)" ]; then append="root=/dev/vda rw init=/init$${append:+ $$append}"; fi; \
	if [ -n "$$cmd" ]; then append="$${append:+$$append }rux.cmd=\"$$cmd\""; fi; \
	if [ -z "$(DISK)$(INITRD)" ] && { [ ! -e $(BUILD)/run.ext4 ] || \
		[ $(BUILD)/rootfs.ext4 -nt $(BUILD)/run.ext4 ]; }; then \
		cp --sparse=always $(BUILD)/rootfs.ext4 $(BUILD)/run.ext4; fi; \
	status=0; scripts/qemu-run --kernel $(BUILD)/riscv64/kernel.bin --smp $(SMP) \
		--mem $(MEM) --append "$$append" $(if $(INITRD),--initrd $(INITRD)) \
		$(if $(RUN_DISK),--disk $(RUN_DISK)) || status=$$?; \
	if [ -n "$$cmd" ]; then echo "run: exit status $$status"; fi; exit $$status

# The same on ruxsim, the kernel as a Linux process (docs/ruxsim.md); CMD
# becomes rux.cmd="CMD" there too. DISK (without INITRD) boots that ext4
# image as the root (root=/dev/vda rw init=/init), as make run does; without
# DISK the root is the initramfs (INITRD or the built one): quick, and
# nothing persists between runs.
sim: build
	@cmd='$(subst ','\'',$(value CMD))'; append='$(subst ','\'',$(value APPEND))'; \
	if [ -n "$(DISK)" ] && [ -z "$(INITRD)" ]; then \
		set -- --disk $(DISK) --append "root=/dev/vda rw init=/init$${append:+ $$append}"; \
	else \
		set -- --initrd $(or $(INITRD),$(BUILD)/initramfs.cpio) $(if $(DISK),--disk $(DISK)) \
			--append "$$append"; \
	fi; \
	set -- --mem $(MEM) --smp $(SMP) "$$@"; \
	if [ -n "$$cmd" ]; then set -- "$$@" -- "$$cmd"; fi; \
	status=0; $(BUILD)/ruxsim "$$@" || status=$$?; \
	if [ -n "$$cmd" ]; then echo "sim: exit status $$status"; fi; exit $$status

# libFuzzer targets (fuzz/README.md): each runs FUZZ_SECONDS; the corpora
# stay in $(BUILD)/fuzz/corpus/<target>, crash inputs in $(BUILD)/fuzz/crashes.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz: build
	fuzz/run-fuzz --build $(BUILD) --seconds $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD)
