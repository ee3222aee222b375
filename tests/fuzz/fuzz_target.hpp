#pragma once
// One fuzz target: LLVMFuzzerTestOneInput feeds one input to one entry point of aiemc. The same
// source builds two ways: with libFuzzer (clang -fsanitize=fuzzer, scripts/fuzz.sh) to search
// for crashes, and with regression_main.cpp into a program that CTest runs over the committed
// corpus (tests/fuzz/corpus/<target>/: the seeds and every input that once crashed), so a fixed
// crash stays fixed in the normal build. A target returns 0; a crash, a hang or an escaped
// exception other than the documented error types is a finding.
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
