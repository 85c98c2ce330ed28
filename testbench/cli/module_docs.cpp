#include "testbench/cli/module_docs.h"

#include "core/errors.h"
#include "platforms/registry.h"
#include "testbench/cli/param_tables.h"

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace fabricvp {
namespace {

struct markers {
  const char *begin, *end;
};
const markers params_block{"<!-- params:begin -->", "<!-- params:end -->"};
const markers index_block{"<!-- types:begin -->", "<!-- types:end -->"};
const char *const to_be_written = "(to be written)";
const char *const index_file = "README.md";

std::string generated_params(const component_type &t) {
  return "\nFrom the registry, as `fabricvp list " + t.name +
         "` prints it (regenerate: `fabricvp docs --write docs/modules`).\n\n" +
         param_table_markdown(t) + "\n";
}

std::string generated_index() {
  std::string out = "\n| type | category | what it is |\n|---|---|---|\n";
  for (const auto &t : component_types())
    out += "| [" + t.name + "](" + t.name + ".md) | " + category_name(t.category) + " | " +
           t.description + " |\n";
  return out + "\n";
}

std::string skeleton_page(const component_type &t) {
  return "# " + t.name + "\n\n" + t.description + " (" + category_name(t.category) +
         ").\n\n## What it models\n\n" + to_be_written + "\n\n## What it leaves out\n\n" +
         to_be_written + "\n\n## Formulas\n\n" + to_be_written + "\n\n## Parameters\n\n" +
         params_block.begin + generated_params(t) + params_block.end + "\n";
}

std::string skeleton_index() {
  return std::string("# Module pages\n\nOne page per registered component type.\n\n") +
         index_block.begin + generated_index() + index_block.end + "\n";
}

std::optional<std::string> read_text(const std::filesystem::path &file) {
  std::ifstream in(file);
  if (!in)
    return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::filesystem::path &file, const std::string &text) {
  std::ofstream out(file);
  out << text;
  if (!out.flush())
    throw input_error({file.string(), 0}, "", "cannot write this file");
}

// Where the generated text between a pair of markers starts and ends.
std::optional<std::pair<std::size_t, std::size_t>> block_of(const std::string &page,
                                                            const markers &m) {
  const std::size_t begin = page.find(m.begin);
  const std::size_t end = page.find(m.end);
  if (begin == std::string::npos || end == std::string::npos || end < begin ||
      page.find(m.begin, begin + 1) != std::string::npos)
    return std::nullopt;
  return std::make_pair(begin + std::string(m.begin).size(), end);
}

std::string marker_problem(const std::string &file, const markers &m) {
  return file + ": needs one " + m.begin + " before one " + m.end;
}

// Problems of one file whose generated block should read `generated`.
std::vector<std::string> check_file(const std::filesystem::path &dir, const std::string &file,
                                    const markers &m, const std::string &generated) {
  const std::optional<std::string> page = read_text(dir / file);
  if (!page)
    return {file + ": missing (`fabricvp docs --write` starts it)"};
  std::vector<std::string> problems;
  const auto block = block_of(*page, m);
  if (!block)
    problems.push_back(marker_problem(file, m));
  else if (page->substr(block->first, block->second - block->first) != generated)
    problems.push_back(file + ": the generated part differs from the registry "
                              "(`fabricvp docs --write` updates it)");
  return problems;
}

std::vector<std::string> check_page(const std::filesystem::path &dir, const component_type &t) {
  const std::string file = t.name + ".md";
  std::vector<std::string> problems = check_file(dir, file, params_block, generated_params(t));
  const std::optional<std::string> page = read_text(dir / file);
  if (page && page->find(to_be_written) != std::string::npos)
    problems.push_back(file + ": still has sections " + to_be_written);
  return problems;
}

// Writes `file` with its block set to `generated` (a new file is `skeleton`);
// true when the file changed.
bool write_file(const std::filesystem::path &dir, const std::string &file, const markers &m,
                const std::string &generated, const std::string &skeleton) {
  const std::optional<std::string> page = read_text(dir / file);
  std::string text = skeleton;
  if (page) {
    const auto block = block_of(*page, m);
    if (!block)
      throw input_error({(dir / file).string(), 0}, "", marker_problem(file, m));
    text = page->substr(0, block->first) + generated + page->substr(block->second);
  }
  if (page == text)
    return false;
  write_text(dir / file, text);
  return true;
}

std::vector<std::string> pages_of_no_type(const std::filesystem::path &dir) {
  std::vector<std::string> problems;
  std::error_code ec;
  for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".md" && name != index_file &&
        !find_component_type(entry.path().stem().string()))
      problems.push_back(name + ": no registered type " + entry.path().stem().string());
  }
  return problems;
}

} // namespace

std::vector<std::string> check_module_docs(const std::string &dir) {
  std::vector<std::string> problems;
  auto add = [&](std::vector<std::string> more) {
    problems.insert(problems.end(), more.begin(), more.end());
  };
  for (const auto &t : component_types())
    add(check_page(dir, t));
  add(check_file(dir, index_file, index_block, generated_index()));
  add(pages_of_no_type(dir));
  return problems;
}

std::vector<std::string> write_module_docs(const std::string &dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::vector<std::string> written;
  for (const auto &t : component_types())
    if (write_file(dir, t.name + ".md", params_block, generated_params(t), skeleton_page(t)))
      written.push_back(t.name + ".md");
  if (write_file(dir, index_file, index_block, generated_index(), skeleton_index()))
    written.push_back(index_file);
  return written;
}

} // namespace fabricvp
