/* PNG decoding to 8-bit gray (every colour type, bit depth and interlace) and gray PNG encoding. */
#include "codec_internal.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/* All state of one decode, reachable from libpng's callbacks. It lives in the caller's frame, so
   whatever was set before a longjmp is still there for the cleanup (locals of the function that
   calls setjmp would not be). */
typedef struct {
    jmp_buf jump;
    char *message;
    dc_stream *stream;
    png_structp png;
    png_infop info;
    uint8_t *pixels;        /* rows as libpng writes them: gray, or gray + alpha */
    png_bytep *rows;
    uint8_t *flattened;     /* gray, when the rows carry alpha */
    uint8_t *exif;
    dc_status status;
} png_session;

static void on_png_error(png_structp png, png_const_charp text) {
    png_session *session = png_get_error_ptr(png);
    dc_set_message(session->message, "%s", text);
    longjmp(session->jump, 1);
}

/* Warnings (bad CRC in an ancillary chunk, unknown sRGB profile, ...) never reach stderr. */
static void on_png_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

static void read_from_stream(png_structp png, png_bytep destination, size_t count) {
    dc_stream *stream = ((png_session *)png_get_io_ptr(png))->stream;
    while (count > 0) {
        size_t available = dc_stream_fill(stream);
        if (available == 0) png_error(png, "file is truncated");
        size_t taken = available < count ? available : count;
        memcpy(destination, stream->data + stream->position, taken);
        stream->position += taken;
        destination += taken;
        count -= taken;
    }
}

/* Gray + alpha to gray. A digit drawn with opaque strokes on a transparent canvas must stay
   visible whatever the stroke colour, so the canvas becomes the opposite of the ink: white
   behind dark strokes, black behind light ones. Opaque images just lose the alpha channel. */
static void flatten_alpha(const uint8_t *gray_alpha, size_t pixel_count, uint8_t *gray) {
    uint64_t alpha_sum = 0, weighted_gray_sum = 0;
    int has_transparency = 0;
    for (size_t i = 0; i < pixel_count; i++) {
        uint32_t value = gray_alpha[2 * i], alpha = gray_alpha[2 * i + 1];
        alpha_sum += alpha;
        weighted_gray_sum += (uint64_t)value * alpha;
        has_transparency |= alpha != 255;
    }
    if (!has_transparency) {
        for (size_t i = 0; i < pixel_count; i++) gray[i] = gray_alpha[2 * i];
        return;
    }
    /* Mean gray of what is drawn, weighted by coverage; a fully transparent image is blank paper. */
    uint32_t background = (alpha_sum == 0 || weighted_gray_sum < 128 * alpha_sum) ? 255 : 0;
    for (size_t i = 0; i < pixel_count; i++) {
        uint32_t value = gray_alpha[2 * i], alpha = gray_alpha[2 * i + 1];
        gray[i] = (uint8_t)((value * alpha + background * (255 - alpha) + 127) / 255);
    }
}

static void decode_under_trap(png_session *session, const dc_decode_options *options, dc_image *out) {
    png_structp png = session->png;
    png_infop info = session->info;
    session->status = DC_ERROR_CORRUPT;
    if (setjmp(session->jump)) return;

    png_set_read_fn(png, session, read_from_stream);
    /* Bounds text and other ancillary chunks that decompress (zTXt, iCCP bombs). */
    png_set_chunk_malloc_max(png, 8u << 20);
    png_read_info(png, info);

    uint32_t width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    if (dc_exceeds_limit(width, height, options, out->message)) {
        session->status = DC_ERROR_TOO_LARGE;
        return;
    }

    png_byte color_type = png_get_color_type(png, info);
    png_set_expand(png);     /* palette -> RGB, gray < 8 bits -> 8 bits, tRNS -> alpha */
    png_set_scale_16(png);   /* 16 -> 8 bits, rounding */
    if (color_type & PNG_COLOR_MASK_COLOR) png_set_rgb_to_gray_fixed(png, 1, -1, -1);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    size_t channels = png_get_channels(png, info);     /* 1 (gray) or 2 (gray + alpha) */
    size_t row_bytes = png_get_rowbytes(png, info);
    size_t pixel_count = (size_t)width * height;
    session->pixels = malloc(row_bytes * height);
    session->rows = malloc(sizeof(png_bytep) * height);
    if (channels == 2) session->flattened = malloc(pixel_count);
    if (!session->pixels || !session->rows || (channels == 2 && !session->flattened)) {
        dc_set_message(out->message, "out of memory for %ux%u pixels", width, height);
        session->status = DC_ERROR_OUT_OF_MEMORY;
        return;
    }
    for (uint32_t y = 0; y < height; y++) session->rows[y] = session->pixels + y * row_bytes;
    png_read_image(png, session->rows);
    png_read_end(png, info);   /* checks the rest of the file, so a truncated one is an error */

    png_bytep exif = NULL;
    png_uint_32 exif_size = 0;
    if (png_get_eXIf_1(png, info, &exif_size, &exif) && exif_size > 0 && (session->exif = malloc(exif_size))) {
        memcpy(session->exif, exif, exif_size);
        out->exif_size = exif_size;
    }
    if (channels == 2) {
        flatten_alpha(session->pixels, pixel_count, session->flattened);
        uint8_t *gray_alpha = session->pixels;
        session->pixels = session->flattened;
        session->flattened = gray_alpha;   /* freed with the rest */
    }
    out->width = out->source_width = width;
    out->height = out->source_height = height;
    session->status = DC_OK;
}

dc_status dc_decode_png(dc_stream *stream, const dc_decode_options *options, dc_image *out) {
    memset(out, 0, sizeof *out);
    png_session session = {.message = out->message, .stream = stream};
    session.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &session, on_png_error, on_png_warning);
    session.info = session.png ? png_create_info_struct(session.png) : NULL;
    if (!session.info) {
        png_destroy_read_struct(&session.png, NULL, NULL);
        dc_set_message(out->message, "out of memory");
        return DC_ERROR_OUT_OF_MEMORY;
    }

    decode_under_trap(&session, options, out);

    png_destroy_read_struct(&session.png, &session.info, NULL);
    free(session.rows);
    free(session.flattened);
    if (session.status != DC_OK && dc_stream_failure(stream, out->message) != DC_OK)
        session.status = dc_stream_failure(stream, out->message);
    return dc_hand_over(session.status, session.pixels, session.exif, out);
}

/* A growable in-memory file for libpng's write callback, in the caller's frame like png_session. */
typedef struct {
    jmp_buf jump;
    char *message;
    png_structp png;
    png_infop info;
    uint8_t *bytes;
    size_t size, capacity;
    dc_status status;
} png_writer;

static void on_write_error(png_structp png, png_const_charp text) {
    png_writer *writer = png_get_error_ptr(png);
    dc_set_message(writer->message, "%s", text);
    longjmp(writer->jump, 1);
}

static void write_to_memory(png_structp png, png_bytep bytes, size_t count) {
    png_writer *writer = png_get_io_ptr(png);
    if (count > writer->capacity - writer->size) {
        size_t capacity = writer->capacity ? writer->capacity : 4096;
        while (capacity - writer->size < count) capacity *= 2;
        uint8_t *grown = realloc(writer->bytes, capacity);
        if (!grown) png_error(png, "out of memory");
        writer->bytes = grown;
        writer->capacity = capacity;
    }
    memcpy(writer->bytes + writer->size, bytes, count);
    writer->size += count;
}

static void flush_nothing(png_structp png) { (void)png; }

static void encode_under_trap(png_writer *writer, const uint8_t *pixels, uint32_t width, uint32_t height) {
    writer->status = DC_ERROR_CORRUPT;
    if (setjmp(writer->jump)) return;
    png_set_write_fn(writer->png, writer, write_to_memory, flush_nothing);
    png_set_IHDR(writer->png, writer->info, width, height, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(writer->png, writer->info);
    for (uint32_t y = 0; y < height; y++) png_write_row(writer->png, pixels + (size_t)y * width);
    png_write_end(writer->png, writer->info);
    writer->status = DC_OK;
}

dc_status dc_encode_png_gray8(const uint8_t *pixels, uint32_t width, uint32_t height,
                              uint8_t **out_data, size_t *out_size, char message[DC_MESSAGE_CAPACITY]) {
    png_writer writer = {.message = message};
    *out_data = NULL;
    *out_size = 0;
    writer.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &writer, on_write_error, on_png_warning);
    writer.info = writer.png ? png_create_info_struct(writer.png) : NULL;
    if (!writer.info) {
        png_destroy_write_struct(&writer.png, NULL);
        dc_set_message(message, "out of memory");
        return DC_ERROR_OUT_OF_MEMORY;
    }
    encode_under_trap(&writer, pixels, width, height);
    png_destroy_write_struct(&writer.png, &writer.info);
    if (writer.status != DC_OK) {
        free(writer.bytes);
        return writer.status;
    }
    *out_data = writer.bytes;
    *out_size = writer.size;
    return DC_OK;
}
