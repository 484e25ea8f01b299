/*
 * fixture_encoders.h: writes the PNG and JPEG variants the decoder tests read back.
 * Test-only: the product itself encodes nothing but gray PNGs (CImageCodec).
 * Both functions return 0 and a malloc'd file (free with fx_free), or -1 with message set.
 */
#ifndef FIXTURE_ENCODERS_H
#define FIXTURE_ENCODERS_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int color_type;        /* PNG_COLOR_TYPE_*: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA */
    int bit_depth;         /* 1, 2, 4, 8 or 16, as the colour type allows */
    int interlaced;        /* Adam7 when nonzero */
    const uint8_t *palette_rgb;  /* palette_count RGB triples, for colour type 3 */
    int palette_count;
    const uint8_t *transparency; /* tRNS: alpha per palette entry (type 3) */
    int transparency_count;
    int transparent_gray;  /* tRNS for type 0: this sample value is transparent; -1 for none */
    const uint8_t *exif;   /* eXIf chunk, or NULL */
    size_t exif_size;
} fx_png_options;

/* samples: width * height * channels values, each already at bit_depth scale (palette indices for type 3). */
int fx_encode_png(const uint16_t *samples, uint32_t width, uint32_t height, const fx_png_options *options,
                  uint8_t **out_data, size_t *out_size, char message[200]);

typedef struct {
    int input_components;  /* 1 gray, 3 RGB, 4 CMYK */
    int file_color_space;  /* J_COLOR_SPACE of the file: JCS_GRAYSCALE, JCS_YCbCr, JCS_CMYK or JCS_YCCK */
    int quality;
    int progressive;
    int luma_h_sampling, luma_v_sampling;  /* 1,1 = 4:4:4; 2,1 = 4:2:2; 2,2 = 4:2:0 */
    int restart_interval;  /* in MCUs; 0 for none */
    const uint8_t *exif;   /* TIFF-structured EXIF written as APP1 "Exif\0\0" + this, or NULL */
    size_t exif_size;
} fx_jpeg_options;

/* samples: width * height * input_components bytes; CMYK is stored as given (Adobe writes it inverted). */
int fx_encode_jpeg(const uint8_t *samples, uint32_t width, uint32_t height, const fx_jpeg_options *options,
                   uint8_t **out_data, size_t *out_size, char message[200]);

void fx_free(void *pointer);

#endif
