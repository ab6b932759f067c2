#pragma once
// The whole public API of mosaic.

#include "mosaic/engine.h"
#include "mosaic/error.h"
#include "mosaic/extern.h"
#include "mosaic/func.h"
#include "mosaic/instance.h"
#include "mosaic/linker.h"
#include "mosaic/module.h"
#include "mosaic/result.h"
#include "mosaic/store.h"
#include "mosaic/trap.h"
#include "mosaic/types.h"
#include "mosaic/val.h"
#include "mosaic/version.h"
