#include "binary/errors.h"

namespace mosaic::binary {

// clang-format off
const char* message(Malformed m) {
  switch (m) {
#define MOSAIC_MALFORMED(Name, Text) case Malformed::Name: return Text;
#include "binary/errors.def"
  }
  return "malformed";
}
// clang-format on

}  // namespace mosaic::binary
