// libFuzzer target: `--set PATH=VALUE` (each line of the input one
// assignment) on three small shipped platforms (electrical, pluggable optics with a cage,
// co-packaged optics with a laser), through prepare_netlist as run and validate apply them: the
// path parser (wildcards, links.KIND.serdes, channel[N], optics, laser, cage, fiber), the value
// parsers and every check after it. It may only succeed or throw input_error naming its origin.
// Seeds: fuzz/corpus/set (the set: entries and axes of the shipped files).
#include "fuzz/fuzz_support.h"
#include "platforms/presets.h"
#include "testbench/session/prepare.h"

#include <sstream>

namespace {

std::vector<fabricvp::netlist> &platforms() {
  static std::vector<fabricvp::netlist> loaded = [] {
    fabricvp::preset_catalog presets;
    presets.load_folder(fabricvp::platforms_folder() + "/presets");
    std::vector<fabricvp::netlist> n;
    for (const char *name : {"default.yaml", "switch51t_dsp.yaml", "switch51t_cpo.yaml"})
      n.push_back(fabricvp::load_netlist(fabricvp::platforms_folder() + "/" + name, presets));
    return n;
  }();
  return loaded;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  fabricvp::fuzz::initialise();
  platforms();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace fabricvp;
  run_options o;
  std::istringstream in(std::string(reinterpret_cast<const char *>(data), size));
  for (std::string line; std::getline(in, line);)
    o.overrides.push_back(line);
  for (const netlist &n : platforms()) {
    o.platform_file = n.file;
    try {
      (void)prepare_netlist(n, o);
    } catch (const input_error &e) {
      fuzz::expect_located(e.what(), false);
    }
  }
  return 0;
}
