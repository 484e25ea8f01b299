#include "build_info.h"

#ifndef DIGITCLI_COMMIT
#define DIGITCLI_COMMIT ""
#endif

const char *dc_build_commit(void) { return DIGITCLI_COMMIT; }
