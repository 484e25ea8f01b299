#ifndef DIGITCLI_PROCESSOR_FEATURES_H
#define DIGITCLI_PROCESSOR_FEATURES_H

/// 1 when the processor and the operating system support the AVX-512 subset that
/// DigitCoreAVX512 is compiled for (F, CD, BW, DQ, VL: Intel Skylake-SP and later, AMD Zen 4 and
/// later), else 0. Always 0 on other architectures.
int dc_processor_has_avx512(void);

#endif
