/* Writes the seed corpus: one small file per PNG/JPEG variant the decoder supports, made with the
   test fixture encoders, plus truncated and bit-flipped copies of each. Usage: make_seeds DIR */
#include "fixture_encoders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

static const char *directory;
static int written;

static void save(const char *name, const uint8_t *data, size_t size) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", directory, name);
    FILE *file = fopen(path, "wb");
    if (!file) { perror(path); exit(1); }
    fwrite(data, 1, size, file);
    fclose(file);
    written++;
}

/* The file as is, cut in half, and with one byte flipped in the middle. */
static void save_variants(const char *name, uint8_t *data, size_t size) {
    char variant[256];
    save(name, data, size);
    snprintf(variant, sizeof variant, "%s.truncated", name);
    save(variant, data, size / 2);
    data[size / 2] ^= 0x5A;
    snprintf(variant, sizeof variant, "%s.flipped", name);
    save(variant, data, size);
    fx_free(data);
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: make_seeds DIR\n"); return 2; }
    directory = argv[1];
    enum { W = 23, H = 17 };
    uint16_t samples[W * H * 4];
    uint8_t bytes[W * H * 4];
    for (int i = 0; i < W * H * 4; i++) { samples[i] = (uint16_t)(i * 37); bytes[i] = (uint8_t)(i * 37); }
    char message[200], name[64];
    uint8_t *data;
    size_t size;

    static const struct { int color_type, bit_depth; } png_kinds[] = {
        {0, 1}, {0, 2}, {0, 4}, {0, 8}, {0, 16}, {2, 8}, {2, 16}, {3, 1}, {3, 4}, {3, 8}, {4, 8}, {4, 16}, {6, 8}, {6, 16},
    };
    uint8_t palette[16 * 3], transparency[16];
    for (int i = 0; i < 48; i++) palette[i] = (uint8_t)(i * 5);
    for (int i = 0; i < 16; i++) transparency[i] = (uint8_t)(i * 17);
    for (size_t k = 0; k < sizeof png_kinds / sizeof png_kinds[0]; k++) {
        int depth = png_kinds[k].bit_depth, type = png_kinds[k].color_type;
        uint16_t masked[W * H * 4];
        int top = type == 3 ? (depth < 4 ? (1 << depth) - 1 : 15) : (1 << depth) - 1;
        for (int i = 0; i < W * H * 4; i++) masked[i] = (uint16_t)(samples[i] % (top + 1));
        for (int interlaced = 0; interlaced < 2; interlaced++) {
            fx_png_options options = {.color_type = type, .bit_depth = depth, .interlaced = interlaced,
                                      .palette_rgb = palette, .palette_count = top + 1, .transparency = transparency,
                                      .transparency_count = type == 3 ? top + 1 : 0, .transparent_gray = -1};
            if (fx_encode_png(masked, W, H, &options, &data, &size, message) != 0) { fprintf(stderr, "%s\n", message); return 1; }
            snprintf(name, sizeof name, "png-type%d-depth%d%s", type, depth, interlaced ? "-adam7" : "");
            save_variants(name, data, size);
        }
    }

    static const uint8_t exif[] = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0};
    static const struct { int components, space, progressive, h, v, restart; const char *name; } jpeg_kinds[] = {
        {1, JCS_GRAYSCALE, 0, 1, 1, 0, "gray"}, {1, JCS_GRAYSCALE, 1, 1, 1, 0, "gray-progressive"},
        {3, JCS_YCbCr, 0, 2, 2, 0, "ycbcr420"}, {3, JCS_YCbCr, 1, 2, 1, 1, "ycbcr422-progressive-restart"},
        {3, JCS_YCbCr, 0, 1, 1, 2, "ycbcr444-restart"}, {4, JCS_CMYK, 0, 1, 1, 0, "cmyk"}, {4, JCS_YCCK, 1, 1, 1, 0, "ycck-progressive"},
    };
    for (size_t k = 0; k < sizeof jpeg_kinds / sizeof jpeg_kinds[0]; k++) {
        fx_jpeg_options options = {.input_components = jpeg_kinds[k].components, .file_color_space = jpeg_kinds[k].space,
                                   .quality = 80, .progressive = jpeg_kinds[k].progressive,
                                   .luma_h_sampling = jpeg_kinds[k].h, .luma_v_sampling = jpeg_kinds[k].v,
                                   .restart_interval = jpeg_kinds[k].restart, .exif = exif, .exif_size = sizeof exif};
        if (fx_encode_jpeg(bytes, W, H, &options, &data, &size, message) != 0) { fprintf(stderr, "%s\n", message); return 1; }
        snprintf(name, sizeof name, "jpeg-%s", jpeg_kinds[k].name);
        save_variants(name, data, size);
    }
    printf("wrote %d seeds to %s\n", written, directory);
    return 0;
}
