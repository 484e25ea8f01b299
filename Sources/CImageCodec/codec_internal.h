/* Helpers shared by the PNG and JPEG halves of the codec; not part of the public header. */
#ifndef CODEC_INTERNAL_H
#define CODEC_INTERNAL_H

#include "image_codec.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static inline void dc_set_message(char message[DC_MESSAGE_CAPACITY], const char *format, ...) {
    va_list args;
    va_start(args, format);
    vsnprintf(message, DC_MESSAGE_CAPACITY, format, args);
    va_end(args);
}

/* Rejects before allocation: the declared size alone decides. */
static inline int dc_exceeds_limit(uint64_t width, uint64_t height, const dc_decode_options *options,
                                   char message[DC_MESSAGE_CAPACITY]) {
    if (width * height <= options->max_pixels) return 0;
    dc_set_message(message, "%llux%llu pixels is above the limit of %llu",
                   (unsigned long long)width, (unsigned long long)height,
                   (unsigned long long)options->max_pixels);
    return 1;
}

/* Makes more bytes available when none are left unconsumed: returns how many are at
   data + position, 0 at the end of the stream or when it failed (see dc_stream_failure). */
size_t dc_stream_fill(dc_stream *stream);

/* Hands the decoded pixels and EXIF block to the caller on success, frees them otherwise. */
static inline dc_status dc_hand_over(dc_status status, uint8_t *pixels, uint8_t *exif, dc_image *out) {
    if (status == DC_OK) {
        out->pixels = pixels;
        out->exif = exif;
    } else {
        free(pixels);
        free(exif);
        out->exif_size = 0;
    }
    return status;
}

#endif
