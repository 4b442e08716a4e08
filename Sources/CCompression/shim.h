// The compression libraries repository metadata comes in: zlib (gzip), liblzma (xz) and
// libzstd (zstd). Debian: zlib1g-dev, liblzma-dev, libzstd-dev.
#include <zlib.h>
#include <lzma.h>
#include <zstd.h>
