/* The floor for PNG decoding: a plain loop over libpng's simplified API, reading each file and
   decoding it to 8-bit gray, on one core. Usage: png_decode_loop FILE_LIST ROUNDS
   Prints the median seconds per round over all files. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: png_decode_loop FILE_LIST ROUNDS\n"); return 2; }
    FILE *list = fopen(argv[1], "r");
    if (!list) { perror(argv[1]); return 1; }
    char **paths = NULL, line[4096];
    size_t count = 0;
    while (fgets(line, sizeof line, list)) {
        line[strcspn(line, "\n")] = 0;
        paths = realloc(paths, (count + 1) * sizeof *paths);
        paths[count++] = strdup(line);
    }
    fclose(list);
    int rounds = atoi(argv[2]);
    double *times = calloc((size_t)rounds, sizeof *times);
    unsigned long checksum = 0;
    for (int round = 0; round < rounds; round++) {
        double start = now();
        for (size_t i = 0; i < count; i++) {
            png_image image;
            memset(&image, 0, sizeof image);
            image.version = PNG_IMAGE_VERSION;
            if (!png_image_begin_read_from_file(&image, paths[i])) { fprintf(stderr, "%s: %s\n", paths[i], image.message); return 1; }
            image.format = PNG_FORMAT_GRAY;
            png_bytep pixels = malloc(PNG_IMAGE_SIZE(image));
            if (!png_image_finish_read(&image, NULL, pixels, 0, NULL)) { fprintf(stderr, "%s: %s\n", paths[i], image.message); return 1; }
            checksum += pixels[PNG_IMAGE_SIZE(image) / 2];
            free(pixels);
        }
        times[round] = now() - start;
    }
    qsort(times, (size_t)rounds, sizeof *times, compare);
    printf("%.4f %lu\n", times[rounds / 2], checksum);
    return 0;
}
