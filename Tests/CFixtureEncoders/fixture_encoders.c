#include "fixture_encoders.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

void fx_free(void *pointer) { free(pointer); }

/* ---- PNG ---- */

typedef struct {
    jmp_buf jump;
    char *message;
    png_structp png;
    png_infop info;
    uint8_t *bytes;
    size_t size, capacity;
    png_bytep row;
    int ok;
} png_fixture;

static void png_fixture_error(png_structp png, png_const_charp text) {
    png_fixture *fixture = png_get_error_ptr(png);
    snprintf(fixture->message, 200, "%s", text);
    longjmp(fixture->jump, 1);
}

static void png_fixture_warning(png_structp png, png_const_charp text) { (void)png; (void)text; }

static void png_fixture_write(png_structp png, png_bytep bytes, size_t count) {
    png_fixture *fixture = png_get_io_ptr(png);
    if (fixture->size + count > fixture->capacity) {
        size_t capacity = fixture->capacity ? fixture->capacity * 2 : 4096;
        while (capacity < fixture->size + count) capacity *= 2;
        uint8_t *grown = realloc(fixture->bytes, capacity);
        if (!grown) png_error(png, "out of memory");
        fixture->bytes = grown;
        fixture->capacity = capacity;
    }
    memcpy(fixture->bytes + fixture->size, bytes, count);
    fixture->size += count;
}

static void png_fixture_flush(png_structp png) { (void)png; }

static int channels_of(int color_type) {
    switch (color_type) {
    case PNG_COLOR_TYPE_RGB: return 3;
    case PNG_COLOR_TYPE_GRAY_ALPHA: return 2;
    case PNG_COLOR_TYPE_RGB_ALPHA: return 4;
    default: return 1;
    }
}

static void png_fixture_encode(png_fixture *fixture, const uint16_t *samples, uint32_t width, uint32_t height,
                               const fx_png_options *options) {
    if (setjmp(fixture->jump)) return;
    png_structp png = fixture->png;
    png_infop info = fixture->info;
    png_set_write_fn(png, fixture, png_fixture_write, png_fixture_flush);
    png_set_IHDR(png, info, width, height, options->bit_depth, options->color_type,
                 options->interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (options->color_type == PNG_COLOR_TYPE_PALETTE) {
        png_color palette[256];
        for (int i = 0; i < options->palette_count; i++) {
            palette[i].red = options->palette_rgb[3 * i];
            palette[i].green = options->palette_rgb[3 * i + 1];
            palette[i].blue = options->palette_rgb[3 * i + 2];
        }
        png_set_PLTE(png, info, palette, options->palette_count);
        if (options->transparency_count > 0)
            png_set_tRNS(png, info, options->transparency, options->transparency_count, NULL);
    }
    if (options->color_type == PNG_COLOR_TYPE_GRAY && options->transparent_gray >= 0) {
        png_color_16 gray = {.gray = (png_uint_16)options->transparent_gray};
        png_set_tRNS(png, info, NULL, 0, &gray);
    }
    if (options->exif) png_set_eXIf_1(png, info, (png_uint_32)options->exif_size, (png_bytep)options->exif);
    png_write_info(png, info);
    if (options->bit_depth < 8) png_set_packing(png);   /* rows hold one sample per byte */

    int channels = channels_of(options->color_type);
    size_t samples_per_row = (size_t)width * channels;
    size_t bytes_per_sample = options->bit_depth == 16 ? 2 : 1;
    fixture->row = malloc(samples_per_row * bytes_per_sample);
    if (!fixture->row) png_error(png, "out of memory");
    int passes = png_set_interlace_handling(png);
    for (int pass = 0; pass < passes; pass++) {
        for (uint32_t y = 0; y < height; y++) {
            const uint16_t *source = samples + y * samples_per_row;
            for (size_t i = 0; i < samples_per_row; i++) {
                if (bytes_per_sample == 2) {   /* PNG stores 16-bit samples big-endian */
                    fixture->row[2 * i] = (png_byte)(source[i] >> 8);
                    fixture->row[2 * i + 1] = (png_byte)(source[i] & 0xFF);
                } else {
                    fixture->row[i] = (png_byte)source[i];
                }
            }
            png_write_row(png, fixture->row);
        }
    }
    png_write_end(png, info);
    fixture->ok = 1;
}

int fx_encode_png(const uint16_t *samples, uint32_t width, uint32_t height, const fx_png_options *options,
                  uint8_t **out_data, size_t *out_size, char message[200]) {
    png_fixture fixture = {.message = message};
    fixture.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &fixture, png_fixture_error, png_fixture_warning);
    fixture.info = png_create_info_struct(fixture.png);
    png_fixture_encode(&fixture, samples, width, height, options);
    png_destroy_write_struct(&fixture.png, &fixture.info);
    free(fixture.row);
    if (!fixture.ok) {
        free(fixture.bytes);
        return -1;
    }
    *out_data = fixture.bytes;
    *out_size = fixture.size;
    return 0;
}

/* ---- JPEG ---- */

typedef struct {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    char *message;
    struct jpeg_compress_struct info;
    unsigned char *bytes;
    unsigned long size;
    int ok;
} jpeg_fixture;

static void jpeg_fixture_error(j_common_ptr info) {
    jpeg_fixture *fixture = (jpeg_fixture *)info->err;
    char text[JMSG_LENGTH_MAX];
    info->err->format_message(info, text);
    snprintf(fixture->message, 200, "%s", text);
    longjmp(fixture->jump, 1);
}

static void jpeg_fixture_encode(jpeg_fixture *fixture, const uint8_t *samples, uint32_t width, uint32_t height,
                                const fx_jpeg_options *options) {
    if (setjmp(fixture->jump)) return;
    struct jpeg_compress_struct *info = &fixture->info;
    jpeg_create_compress(info);
    jpeg_mem_dest(info, &fixture->bytes, &fixture->size);
    info->image_width = width;
    info->image_height = height;
    info->input_components = options->input_components;
    info->in_color_space = options->input_components == 1 ? JCS_GRAYSCALE
                         : options->input_components == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(info);
    jpeg_set_colorspace(info, (J_COLOR_SPACE)options->file_color_space);   /* CMYK/YCCK also writes the Adobe marker */
    jpeg_set_quality(info, options->quality, TRUE);
    if (options->file_color_space == JCS_YCbCr) {
        info->comp_info[0].h_samp_factor = options->luma_h_sampling;
        info->comp_info[0].v_samp_factor = options->luma_v_sampling;
    }
    info->restart_interval = (unsigned)options->restart_interval;
    if (options->progressive) jpeg_simple_progression(info);
    jpeg_start_compress(info, TRUE);
    if (options->exif) {
        size_t size = 6 + options->exif_size;
        JOCTET *marker = malloc(size);
        if (!marker) ERREXIT(info, JERR_OUT_OF_MEMORY);
        memcpy(marker, "Exif\0\0", 6);
        memcpy(marker + 6, options->exif, options->exif_size);
        jpeg_write_marker(info, JPEG_APP0 + 1, marker, (unsigned)size);
        free(marker);
    }
    size_t stride = (size_t)width * options->input_components;
    while (info->next_scanline < height) {
        JSAMPROW row = (JSAMPROW)(samples + info->next_scanline * stride);
        jpeg_write_scanlines(info, &row, 1);
    }
    jpeg_finish_compress(info);
    fixture->ok = 1;
}

int fx_encode_jpeg(const uint8_t *samples, uint32_t width, uint32_t height, const fx_jpeg_options *options,
                   uint8_t **out_data, size_t *out_size, char message[200]) {
    jpeg_fixture fixture = {.message = message};
    fixture.info.err = jpeg_std_error(&fixture.manager);
    fixture.manager.error_exit = jpeg_fixture_error;
    jpeg_fixture_encode(&fixture, samples, width, height, options);
    jpeg_destroy_compress(&fixture.info);
    if (!fixture.ok) {
        free(fixture.bytes);
        return -1;
    }
    *out_data = fixture.bytes;
    *out_size = fixture.size;
    return 0;
}
