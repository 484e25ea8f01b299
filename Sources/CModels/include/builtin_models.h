/*
 * builtin_models.h: the trained models inside the digitcli binary.
 * Each is a model file written by `digitcli train` (models/NAME.dcnn), included byte for byte with
 * C23 #embed: it compiles in milliseconds and rebuilds when the file changes.
 */
#ifndef BUILTIN_MODELS_H
#define BUILTIN_MODELS_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *name;
    const uint8_t *bytes;
    size_t size;
} dc_builtin_model;

/* The built-in models, in the order `digitcli info` lists them. */
size_t dc_builtin_model_count(void);
const dc_builtin_model *dc_builtin_model_at(size_t index);

#endif
