#include "testbench/cli/param_tables.h"

#include <cmath>

namespace fabricvp {
namespace {

std::string range_text(const param_spec &s) {
  if (s.kind == param_kind::choice) {
    std::string all;
    for (const auto &c : s.choices)
      all += (all.empty() ? "" : "|") + c;
    return all;
  }
  if (s.kind == param_kind::flag)
    return "true|false";
  if (s.kind == param_kind::name)
    return "name";
  auto bound = [&](double v) {
    if (std::isinf(v))
      return std::string(v < 0 ? "-inf" : "inf");
    if (s.kind == param_kind::integer)
      return std::to_string(static_cast<long>(v));
    return format_quantity(v, s.dim);
  };
  return "[" + bound(s.min_si) + ", " + bound(s.max_si) + "]";
}

// Text in a table cell: `|` (choices a|b) would end the cell, so it is
// escaped, and in prose so is `*` (it would start emphasis).
std::string escaped(const std::string &text, const std::string &specials) {
  std::string out;
  for (char c : text) {
    if (specials.find(c) != std::string::npos)
      out += '\\';
    out += c;
  }
  return out;
}

std::string cell(const std::string &text) { return escaped(text, "|*"); }

std::string code_cell(const std::string &text) {
  return text.empty() ? "" : "`" + escaped(text, "|") + "`";
}

} // namespace

std::vector<param_row> param_rows(const component_type &t) {
  std::vector<param_row> rows;
  for (const auto &s : *t.params)
    rows.push_back({s.name, s.kind == param_kind::number ? si_unit(s.dim) : "", s.default_text,
                    range_text(s), s.description, s.source});
  return rows;
}

std::string type_listing(const component_type &t) {
  std::string out = t.name + " (" + category_name(t.category) + "): " + t.description + "\n";
  for (const param_row &r : param_rows(t))
    out += "    " + r.name + " = " + r.default_text + "  " + r.range +
           (r.unit.empty() ? "" : "  unit " + r.unit) + "\n        " + r.description +
           (r.source.empty() ? "" : "  [source: " + r.source + "]") + "\n";
  return out;
}

std::string param_table_markdown(const component_type &t) {
  std::string out = "| name | unit | default | range | description | source of the default |\n"
                    "|---|---|---|---|---|---|\n";
  for (const param_row &r : param_rows(t))
    out += "| " + code_cell(r.name) + " | " + cell(r.unit) + " | " + code_cell(r.default_text) +
           " | " + code_cell(r.range) + " | " + cell(r.description) + " | " + cell(r.source) +
           " |\n";
  return out;
}

} // namespace fabricvp
