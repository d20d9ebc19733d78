# Rux front door: every target does its own set-up on a fresh Debian 12 machine.
#
#   make run [SMP=n] [MEM=size] [APPEND='...'] [INITRD=file]   boot Rux in QEMU
#   make run CMD='uname -a; ls /'                              run one command, power off
#   make test                                                  build and run ctest
#   make build                                                 build everything
#   make clean

BUILD   ?= build
SMP     ?= 1
MEM     ?= 512M
APPEND  ?=
INITRD  ?= $(BUILD)/initramfs.cpio
CMD     ?=
JOBS    ?= $(shell nproc)

.PHONY: all setup configure build test run clean

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

# CMD and APPEND reach the shell single-quoted and unexpanded ($(value)), so
# CMD='echo $HOME' runs "echo $HOME" on Rux. The test initramfs's /init runs
# rux.cmd="CMD" and Rux powers off with its status; make fails when it is not 0.
run: build
	@cmd='$(subst ','\'',$(value CMD))'; append='$(subst ','\'',$(value APPEND))'; \
	if [ -n "$$cmd" ]; then append="$${append:+$$append }rux.cmd=\"$$cmd\""; fi; \
	status=0; scripts/qemu-run --kernel $(BUILD)/riscv64/kernel.bin --smp $(SMP) \
		--mem $(MEM) --append "$$append" $(if $(INITRD),--initrd $(INITRD)) || status=$$?; \
	if [ -n "$$cmd" ]; then echo "run: exit status $$status"; fi; exit $$status

clean:
	rm -rf $(BUILD)
