// libFuzzer target: the quantity parser (core/units.h) for every dimension,
// and the printer on what it accepts. It may only accept or throw
// std::invalid_argument; a parsed value must be finite and print.
// Seeds: fuzz/corpus/units (the values with units in the shipped files).
#include "core/units.h"
#include "fuzz/fuzz_support.h"

#include <cmath>
#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace fabricvp;
  const std::string text(reinterpret_cast<const char *>(data), size);
  for (int d = 0; d <= static_cast<int>(dimension::temperature); ++d) {
    const auto dim = static_cast<dimension>(d);
    try {
      const quantity q = parse_quantity(text, dim);
      if (!std::isfinite(q.value_si))
        fuzz::finding("parse_quantity accepted a value that is not finite: " + text);
      if (q.dim != dim)
        fuzz::finding("parse_quantity returned another dimension: " + text);
      (void)format_quantity(q.value_si, dim);
    } catch (const std::invalid_argument &) {
    }
  }
  return 0;
}
