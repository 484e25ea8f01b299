/* build_info.h: which build this is. `make build` (and `make deb`) pass the git commit as
   -DDIGITCLI_COMMIT="..."; a plain `swift build` leaves it empty. */
#ifndef BUILD_INFO_H
#define BUILD_INFO_H

/* The commit the binary was built from (git describe --always --dirty), or "" when not known. */
const char *dc_build_commit(void);

#endif
