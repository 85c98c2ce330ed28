// docs/modules/: a page per registered component type (TYPE.md) whose
// hand-written prose (what it models, what it leaves out, formulas and
// their sources) surrounds a parameter table generated from the registry,
// between `<!-- params:begin -->` and `<!-- params:end -->`, and README.md,
// whose index of the pages sits between `<!-- types:begin -->` and
// `<!-- types:end -->`. `fabricvp docs --write DIR` regenerates the tables
// and the index and starts a page (a skeleton) for a type that has none;
// `fabricvp docs --check DIR` lists what differs: a missing page or
// markers, a table or index that is not the registry's, a skeleton not yet
// written, a page for no registered type.
// Leaves out: checking the prose against the code.
#pragma once

#include <string>
#include <vector>

namespace fabricvp {

// One line per problem, naming the file; empty when the pages are current.
std::vector<std::string> check_module_docs(const std::string &dir);
// Brings the generated parts up to date; returns the files it changed.
// Throws input_error for a page without its markers or a file it cannot write.
std::vector<std::string> write_module_docs(const std::string &dir);

} // namespace fabricvp
