/*
 * image_codec.h: the only door to libpng and libjpeg.
 *
 * Both libraries report errors by longjmp from a callback, which Swift frames cannot survive.
 * Every call into them is made here, under setjmp, and comes back as a status plus the
 * library's message. Nothing is ever printed.
 */
#ifndef IMAGE_CODEC_H
#define IMAGE_CODEC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    DC_OK = 0,
    DC_ERROR_CORRUPT = 1,       /* the library refused the data; message says why */
    DC_ERROR_TOO_LARGE = 2,     /* declared width x height is above max_pixels */
    DC_ERROR_OUT_OF_MEMORY = 3,
} dc_status;

enum { DC_MESSAGE_CAPACITY = 200 };

typedef struct {
    /* Refuse images whose declared width x height is above this, before any large allocation. */
    uint64_t max_pixels;
    /* JPEG only: decode at 1/2, 1/4 or 1/8 size (libjpeg's DCT scaling) while the shorter side
       stays at least this many pixels. 0 decodes at full size. */
    uint32_t min_short_side;
} dc_decode_options;

typedef struct {
    uint32_t width, height;                 /* of pixels (after DCT scaling) */
    uint32_t source_width, source_height;   /* as declared in the file */
    uint8_t *pixels;                        /* width * height, 8-bit gray, 0 = black, row-major */
    uint8_t *exif;                          /* TIFF-structured EXIF payload, or NULL */
    size_t exif_size;
    char message[DC_MESSAGE_CAPACITY];      /* on error: what went wrong */
} dc_image;

/* Decode to 8-bit gray. On DC_OK the caller owns `out` and frees it with dc_image_free;
   on error nothing is left allocated and out->message says why. */
dc_status dc_decode_png(const uint8_t *data, size_t size, const dc_decode_options *options, dc_image *out);
dc_status dc_decode_jpeg(const uint8_t *data, size_t size, const dc_decode_options *options, dc_image *out);
void dc_image_free(dc_image *image);

/* Encode 8-bit gray pixels as a PNG file in memory; free *out_data with dc_free. */
dc_status dc_encode_png_gray8(const uint8_t *pixels, uint32_t width, uint32_t height,
                              uint8_t **out_data, size_t *out_size, char message[DC_MESSAGE_CAPACITY]);
void dc_free(void *pointer);

#ifdef __cplusplus
}
#endif
#endif
