#include "image_codec.h"
#include <stdlib.h>

void dc_image_free(dc_image *image) {
    free(image->pixels);
    free(image->exif);
    image->pixels = NULL;
    image->exif = NULL;
    image->exif_size = 0;
}

void dc_free(void *pointer) { free(pointer); }
