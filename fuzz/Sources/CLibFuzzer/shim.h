// libFuzzer's driver entry point (compiler-rt's FuzzerInterface.h), linked in by `-sanitize=fuzzer`.
#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer with the command line `argc`, `argv` on the target `callback`, as its own `main` would.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
