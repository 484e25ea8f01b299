/* libFuzzer target over every decoding path of CImageCodec: PNG, JPEG at full size and DCT-scaled.
   Built by fuzz/run.sh with AddressSanitizer and UndefinedBehaviorSanitizer. */
#include "image_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* A small pixel limit keeps each run fast; the limit check itself is part of what is fuzzed. */
    dc_decode_options full = {.max_pixels = 4u << 20, .min_short_side = 0};
    dc_decode_options scaled = {.max_pixels = 4u << 20, .min_short_side = 8};
    dc_image image;
    if (dc_decode_png(data, size, &full, &image) == DC_OK) dc_image_free(&image);
    if (dc_decode_jpeg(data, size, &full, &image) == DC_OK) dc_image_free(&image);
    if (dc_decode_jpeg(data, size, &scaled, &image) == DC_OK) dc_image_free(&image);
    return 0;
}
