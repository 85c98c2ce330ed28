// libFuzzer target: a platform file through `fabricvp validate` (the loader
// with extends/include/set, presets, every check of prepare_netlist, the
// link table, routing, reachability, the workload and the deadlock check),
// in this process. It must exit 0, or 2 with one message that starts with a
// file and line; anything else (exit 1, an internal error, a crash, a
// sanitizer report, a hang) is a finding. Seeds: fuzz/corpus/platform.
#include "fuzz/fuzz_support.h"
#include "testbench/cli/cli.h"

#include <iostream>
#include <sstream>
#include <vector>

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  fabricvp::fuzz::initialise();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string file = fabricvp::fuzz::write_input(data, size, "input.yaml");
  std::vector<std::string> args{"fabricvp", "validate", file};
  std::vector<char *> argv;
  for (auto &a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  std::ostringstream out, err;
  auto *cout_buf = std::cout.rdbuf(out.rdbuf());
  auto *cerr_buf = std::cerr.rdbuf(err.rdbuf());
  const int rc = fabricvp::cli_main(static_cast<int>(args.size()), argv.data());
  std::cout.rdbuf(cout_buf);
  std::cerr.rdbuf(cerr_buf);
  const std::string text = err.str();
  if (rc == 0)
    return 0;
  if (rc != 2)
    fabricvp::fuzz::finding("validate exited " + std::to_string(rc) + ": " + text);
  const std::string prefix = "fabricvp: error: ";
  if (text.rfind(prefix, 0) != 0 || text.find('\n') != text.size() - 1)
    fabricvp::fuzz::finding("not one error line: " + text);
  fabricvp::fuzz::expect_located(text.substr(prefix.size()), true);
  return 0;
}
