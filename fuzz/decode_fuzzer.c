/* libFuzzer target over every decoding path of CImageCodec: PNG, JPEG at full size and DCT-scaled,
   from memory and through a file descriptor read 64 bytes at a time (every refill and skip of the
   streaming source at every boundary, and the byte limit). Built by fuzz/build.sh with
   AddressSanitizer and UndefinedBehaviorSanitizer, against libpng and libjpeg-turbo built the same
   way (fuzz/build-libraries.sh), so that coverage reaches into the libraries. */
#define _GNU_SOURCE
#include "image_codec.h"

#include <sys/mman.h>
#include <unistd.h>

typedef dc_status (*decoder)(dc_stream *, const dc_decode_options *, dc_image *);

static void decode_from_memory(decoder decode, const uint8_t *data, size_t size, const dc_decode_options *options) {
    dc_stream stream;
    dc_image image;
    dc_stream_init_memory(&stream, data, size);
    if (decode(&stream, options, &image) == DC_OK) dc_image_free(&image);
}

static void decode_from_descriptor(decoder decode, int fd, uint64_t limit, const dc_decode_options *options) {
    dc_stream stream;
    dc_image image;
    if (lseek(fd, 0, SEEK_SET) != 0 || dc_stream_init_fd(&stream, fd, limit, 64) != 0) return;
    if (decode(&stream, options, &image) == DC_OK) dc_image_free(&image);
    dc_stream_free(&stream);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* A small pixel limit keeps each run fast; the limit check itself is part of what is fuzzed. */
    dc_decode_options full = {.max_pixels = 4u << 20, .min_short_side = 0};
    dc_decode_options scaled = {.max_pixels = 4u << 20, .min_short_side = 8};
    decode_from_memory(dc_decode_png, data, size, &full);
    decode_from_memory(dc_decode_jpeg, data, size, &full);
    decode_from_memory(dc_decode_jpeg, data, size, &scaled);

    static int fd = -1;
    if (fd < 0) fd = memfd_create("decode-fuzzer", 0);
    if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size) return 0;
    /* Inputs ending in an odd byte meet a byte limit short of their end. */
    uint64_t limit = size > 64 && (data[size - 1] & 1) ? size - 32 : size;
    decode_from_descriptor(dc_decode_png, fd, limit, &full);
    decode_from_descriptor(dc_decode_jpeg, fd, limit, &scaled);
    return 0;
}
