/* Runs the fuzz target once per file named on the command line, without libFuzzer: used under
   valgrind (fuzz/valgrind.sh) to check that no error path leaks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        FILE *file = fopen(argv[i], "rb");
        if (!file) continue;
        fseek(file, 0, SEEK_END);
        long size = ftell(file);
        fseek(file, 0, SEEK_SET);
        uint8_t *data = malloc(size > 0 ? (size_t)size : 1);
        size_t got = data ? fread(data, 1, (size_t)size, file) : 0;
        fclose(file);
        if (data) LLVMFuzzerTestOneInput(data, got);
        free(data);
    }
    printf("replayed %d inputs\n", argc - 1);
    return 0;
}
