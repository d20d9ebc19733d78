# Rux front door: every target does its own set-up on a fresh Debian 12 machine.
#
#   make run [SMP=n] [MEM=size] [APPEND='...'] [INITRD=file]   boot Rux in QEMU
#   make test                                                  build and run ctest
#   make build                                                 build everything
#   make clean

BUILD   ?= build
SMP     ?= 1
MEM     ?= 512M
APPEND  ?=
INITRD  ?=
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

run: build
	scripts/qemu-run --kernel $(BUILD)/riscv64/kernel.bin --smp $(SMP) --mem $(MEM) \
		--append "$(APPEND)" $(if $(INITRD),--initrd $(INITRD))

clean:
	rm -rf $(BUILD)
