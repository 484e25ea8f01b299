#include "builtin_models.h"

/* Aligned as the files align their parameters (64 bytes), so that they are read in place. */
alignas(64) static const uint8_t default_model[] = {
#embed "../../models/default.dcnn"
};

alignas(64) static const uint8_t seed_model[] = {
#embed "../../models/seed.dcnn"
};

alignas(64) static const uint8_t verifier_model[] = {
#embed "../../models/verifier.dcnn"
};

static const dc_builtin_model models[] = {
    {"default", default_model, sizeof default_model},
    {"seed", seed_model, sizeof seed_model},
    {"verifier", verifier_model, sizeof verifier_model},
};

size_t dc_builtin_model_count(void) { return sizeof models / sizeof models[0]; }

const dc_builtin_model *dc_builtin_model_at(size_t index) {
    return index < dc_builtin_model_count() ? &models[index] : NULL;
}
