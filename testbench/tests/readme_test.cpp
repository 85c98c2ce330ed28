// The README's copy of platforms/default.yaml says what the file says: the
// ```yaml block after "A platform file (see `platforms/default.yaml`):" and
// the file itself, read as YAML, are the same tree (maps compared by key,
// lists in order, scalars by their text; flow or block style and comments
// do not matter). A changed default platform fails here until the README
// follows.
#include "platforms/presets.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace {

std::string source_root() {
  return std::filesystem::path(fabricvp::platforms_folder()).parent_path().string();
}

std::string file_text(const std::string &path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The first ```yaml block after `marker`, or "".
std::string yaml_block_after(const std::string &text, const std::string &marker) {
  const auto at = text.find(marker);
  if (at == std::string::npos)
    return "";
  const auto open = text.find("```yaml\n", at);
  if (open == std::string::npos)
    return "";
  const auto body = open + 8;
  const auto close = text.find("```", body);
  return close == std::string::npos ? "" : text.substr(body, close - body);
}

// The first difference between two trees ("" when equal), as a path.
std::string difference(const YAML::Node &a, const YAML::Node &b, const std::string &path) {
  if (a.Type() != b.Type())
    return path + ": a different kind of node";
  if (a.IsScalar())
    return a.Scalar() == b.Scalar() ? "" : path + ": '" + a.Scalar() + "' vs '" + b.Scalar() + "'";
  if (a.IsSequence()) {
    if (a.size() != b.size())
      return path + ": " + std::to_string(a.size()) + " vs " + std::to_string(b.size()) +
             " entries";
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string d = difference(a[i], b[i], path + "[" + std::to_string(i) + "]");
      if (!d.empty())
        return d;
    }
    return "";
  }
  if (a.IsMap()) {
    std::set<std::string> keys;
    for (const auto &kv : a)
      keys.insert(kv.first.Scalar());
    for (const auto &kv : b)
      keys.insert(kv.first.Scalar());
    for (const std::string &k : keys) {
      const std::string sub = path.empty() ? k : path + "." + k;
      if (!a[k] || !b[k])
        return sub + ": only in " + (a[k] ? "the README" : "the file");
      const std::string d = difference(a[k], b[k], sub);
      if (!d.empty())
        return d;
    }
  }
  return "";
}

} // namespace

TEST(readme, copy_of_the_default_platform_matches_the_file) {
  const std::string root = source_root();
  const std::string block = yaml_block_after(file_text(root + "/README.md"),
                                             "A platform file (see `platforms/default.yaml`):");
  ASSERT_FALSE(block.empty()) << "README.md has no ```yaml block after its default.yaml marker";
  const YAML::Node readme = YAML::Load(block);
  const YAML::Node file = YAML::LoadFile(root + "/platforms/default.yaml");
  EXPECT_EQ(difference(readme, file, ""), "");
}

TEST(readme, the_comparison_sees_a_changed_value) {
  const YAML::Node a = YAML::Load("{x: [1, {y: 2}], z: 3}");
  EXPECT_EQ(difference(a, YAML::Load("x: [1, {y: 2}]\nz: 3\n"), ""), "");
  EXPECT_EQ(difference(a, YAML::Load("{x: [1, {y: 4}], z: 3}"), ""), "x[1].y: '2' vs '4'");
  EXPECT_EQ(difference(a, YAML::Load("{x: [1], z: 3}"), ""), "x: 2 vs 1 entries");
  EXPECT_EQ(difference(a, YAML::Load("{x: [1, {y: 2}]}"), ""), "z: only in the README");
}
