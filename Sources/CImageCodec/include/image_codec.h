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
    DC_ERROR_READ = 4,          /* the file could not be read; message is strerror's */
    DC_ERROR_FILE_TOO_LARGE = 5 /* more than the stream's byte limit was read */
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

/* Where encoded bytes come from: a block of memory, or a file descriptor read a buffer at a time as
   the decoder asks, so that memory is bounded by the decoded image and not by the file. The bytes at
   data[position ..< size] are read but not yet consumed. Fields are for the codec; callers use the
   functions below. */
typedef struct {
    int fd;                  /* -1: memory */
    const uint8_t *data;
    size_t size, position;
    uint8_t *buffer;         /* fd only: what data points into */
    size_t capacity;
    uint64_t bytes_read;     /* fd only: taken from the descriptor so far */
    uint64_t limit;          /* fd only: reading more than this many bytes fails the stream */
    int read_errno;          /* fd only: the errno of a failed read(), else 0 */
    int over_limit;
} dc_stream;

void dc_stream_init_memory(dc_stream *stream, const uint8_t *data, size_t size);
/* A stream over an open descriptor (not closed here), with a read buffer of `buffer_size` bytes.
   Returns 0, or -1 when the buffer cannot be allocated. */
int dc_stream_init_fd(dc_stream *stream, int fd, uint64_t limit, size_t buffer_size);
/* Reads until `count` bytes are available at data + position, or the stream ends or fails; returns
   how many are available (fewer than count at the end). Used to sniff the format. */
size_t dc_stream_peek(dc_stream *stream, size_t count);
/* DC_ERROR_READ (message: strerror's) or DC_ERROR_FILE_TOO_LARGE once a read failed or went past the
   limit; DC_OK while the stream is sound. */
dc_status dc_stream_failure(const dc_stream *stream, char message[DC_MESSAGE_CAPACITY]);
void dc_stream_free(dc_stream *stream);

/* Decode to 8-bit gray from the stream's next byte. On DC_OK the caller owns `out` and frees it with
   dc_image_free; on error nothing is left allocated and out->message says why. A failed read or the
   stream's byte limit is reported as such (DC_ERROR_READ, DC_ERROR_FILE_TOO_LARGE), not as damage. */
dc_status dc_decode_png(dc_stream *stream, const dc_decode_options *options, dc_image *out);
dc_status dc_decode_jpeg(dc_stream *stream, const dc_decode_options *options, dc_image *out);
void dc_image_free(dc_image *image);

/* Encode 8-bit gray pixels as a PNG file in memory; free *out_data with dc_free. */
dc_status dc_encode_png_gray8(const uint8_t *pixels, uint32_t width, uint32_t height,
                              uint8_t **out_data, size_t *out_size, char message[DC_MESSAGE_CAPACITY]);
void dc_free(void *pointer);

#ifdef __cplusplus
}
#endif
#endif
