// libFuzzer target: index expressions in names ("acc{i}", "leaf{i/4}.port{i%4}",
// platforms/expression.h), evaluated alone and substituted in a name, with
// the loop variables the shipped platforms use, one of them large (overflow
// must be an error, not undefined behaviour). It may only succeed or throw
// std::invalid_argument. Seeds: fuzz/corpus/expression.
#include "fuzz/fuzz_support.h"
#include "platforms/expression.h"

#include <limits>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace fabricvp;
  static const index_bindings vars{
      {"i", 7}, {"j", -3}, {"k", 0},
      {"l", 1}, {"p", 63}, {"r", 2},
      {"s", 5}, {"t", 17}, {"big", std::numeric_limits<long>::max() - 1}};
  const std::string text(reinterpret_cast<const char *>(data), size);
  try {
    (void)evaluate_index_expression(text, vars);
  } catch (const std::invalid_argument &) {
  }
  try {
    (void)substitute_indices(text, vars);
  } catch (const std::invalid_argument &) {
  }
  return 0;
}
