// Integer index expressions inside platform names: "acc{i}", "port{j+4}",
// "leaf{i/4}.port{i%4}". Supports + - * / %, parentheses and loop variables.
// Leaves out: anything but integers (names are not a programming language).
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace fabricvp {

using index_bindings = std::map<std::string, long>;

// Evaluates one expression; throws std::invalid_argument on syntax errors or
// unknown variables.
long evaluate_index_expression(const std::string &expr, const index_bindings &vars);

// Replaces every {expr} in text with its value.
std::string substitute_indices(const std::string &text, const index_bindings &vars);

} // namespace fabricvp
