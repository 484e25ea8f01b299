#include "processor_features.h"

// Swift cannot run CPUID; the compiler's builtins do, and check that the OS saves the AVX-512 state.
int dc_processor_has_avx512(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd")
        && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512vl");
#else
    return 0;
#endif
}
