#include "checksums.h"
#include "md5sha256.h"
