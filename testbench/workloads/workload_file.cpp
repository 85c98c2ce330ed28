#include "testbench/workloads/workload_file.h"

#include "platforms/yaml_util.h"
#include "testbench/workloads/collective.h"

#include <fnmatch.h>

#include <algorithm>
#include <map>
#include <set>

namespace fabricvp {

namespace {

struct reader {
  const std::string &file;
  const netlist &n;
  std::vector<std::string> endpoint_names;

  input_error error(const YAML::Node &node, const std::string &path, const std::string &message) {
    return input_error(where_of(file, node), path, message);
  }

  // "A..B", a single number, a list of numbers, or (names allowed) a glob
  // over endpoint names. Indices must be below `limit`.
  std::vector<std::uint32_t> indices(const YAML::Node &node, const std::string &path,
                                     std::size_t limit, bool names_allowed) {
    std::vector<std::uint32_t> out;
    auto number = [&](const YAML::Node &item, const std::string &text) -> std::uint32_t {
      std::size_t used = 0;
      long v = -1;
      try {
        v = std::stol(text, &used);
      } catch (const std::exception &) {
        used = 0;
      }
      if (used != text.size() || v < 0)
        throw error(item, path, "'" + text + "' is not a rank index");
      if (static_cast<std::size_t>(v) >= limit)
        throw error(item, path,
                    "rank " + text + " is out of range (there are " + std::to_string(limit) + ")");
      return static_cast<std::uint32_t>(v);
    };
    if (node.IsSequence()) {
      for (std::size_t k = 0; k < node.size(); ++k)
        out.push_back(
            number(node[k], scalar_text(file, node[k], path + "[" + std::to_string(k) + "]")));
    } else {
      const std::string text = scalar_text(file, node, path);
      const auto dots = text.find("..");
      const bool numeric =
          !text.empty() && (std::isdigit(static_cast<unsigned char>(text[0])) != 0);
      if (numeric && dots != std::string::npos) {
        const std::uint32_t a = number(node, text.substr(0, dots));
        const std::uint32_t b = number(node, text.substr(dots + 2));
        if (b < a)
          throw error(node, path, "empty range '" + text + "'");
        for (std::uint32_t r = a; r <= b; ++r)
          out.push_back(r);
      } else if (numeric) {
        out.push_back(number(node, text));
      } else if (names_allowed) {
        for (std::size_t e = 0; e < endpoint_names.size(); ++e)
          if (fnmatch(text.c_str(), endpoint_names[e].c_str(), 0) == 0)
            out.push_back(static_cast<std::uint32_t>(e));
        if (out.empty())
          throw error(node, path, "no endpoint name matches '" + text + "'");
      } else {
        throw error(node, path, "expected A..B, a number or a list of rank indices");
      }
    }
    std::set<std::uint32_t> seen;
    for (std::uint32_t r : out)
      if (!seen.insert(r).second)
        throw error(node, path, "rank " + std::to_string(r) + " is listed twice");
    return out;
  }

  void check_network(const param_set &params, const std::string &param, const std::string &path) {
    const std::string &name = params.get_name(param);
    const auto nets = n.networks();
    if (!name.empty() && name != "any" && std::find(nets.begin(), nets.end(), name) == nets.end())
      throw input_error(params.value(param).where, path + "." + param,
                        "no link kind has network '" + name + "'");
  }

  workload_step step(const YAML::Node &node, const std::string &path, const workload_job &job,
                     const std::map<std::string, std::size_t> &earlier) {
    if (!node.IsMap())
      throw error(node, path, "expected a map (name, op or compute, ...)");
    workload_step s;
    s.path = path;
    s.where = where_of(file, node);
    s.name = scalar_text(file, required(file, node, path, "name"), path + ".name");
    s.params = param_set(&workload_step_specs(), path);
    set_params_from(file, node, path, s.params, {"name", "ranks", "after"}, "workload file");
    const std::string op = s.params.get_choice("op");
    if (op == "compute" && !node["compute"])
      throw error(node, path, "a step needs `op:` (a collective) or `compute:` (a time)");
    if (op != "compute" && node["compute"])
      throw error(node["compute"], path + ".compute", "a collective step has no compute time");
    if (op != "compute" && !algorithm_supported(op, s.params.get_choice("algorithm")))
      throw input_error(s.params.value("algorithm").where, path + ".algorithm",
                        "algorithm '" + s.params.get_choice("algorithm") + "' does not run " + op);
    if (node["ranks"])
      s.ranks = indices(node["ranks"], path + ".ranks", job.ranks.size(), false);
    const std::size_t count = s.ranks.empty() ? job.ranks.size() : s.ranks.size();
    const long groups = s.params.get_int("groups");
    if (groups > 0 && count % static_cast<std::size_t>(groups) != 0)
      throw input_error(s.params.value("groups").where, path + ".groups",
                        std::to_string(count) + " ranks do not split into communicators of " +
                            std::to_string(groups));
    const std::size_t comm = groups > 0 ? static_cast<std::size_t>(groups) : count;
    if (op == "broadcast" && static_cast<std::size_t>(s.params.get_int("root")) >= comm)
      throw input_error(s.params.value("root").where, path + ".root",
                        "root " + std::to_string(s.params.get_int("root")) + " is not one of the " +
                            std::to_string(comm) + " ranks of the communicator");
    if (op == "all_reduce" && s.params.get_choice("algorithm") == "hierarchical") {
      // What bind_call checks on the elaborated platform, where it can be
      // told from the files alone (so `validate` finds it, at its line).
      const long g = job.params.get_int("group_size");
      const std::string &up = job.params.get_name("scale_up_network");
      if (g == 0 && (up.empty() || up == "any"))
        throw input_error(s.params.value("algorithm").where, path + ".algorithm",
                          "hierarchical all-reduce needs the job's group_size, or its "
                          "scale_up_network to find the groups");
      if (g > 0 && comm % static_cast<std::size_t>(g) != 0)
        throw input_error(job.params.value("group_size").where, job.path + ".group_size",
                          std::to_string(comm) + " ranks of step '" + s.name +
                              "' do not split into groups of " + std::to_string(g));
    }
    if (const YAML::Node after = node["after"]) {
      std::vector<YAML::Node> items;
      if (after.IsSequence())
        for (std::size_t k = 0; k < after.size(); ++k)
          items.push_back(after[k]);
      else
        items.push_back(after);
      for (const auto &item : items) {
        const std::string name = scalar_text(file, item, path + ".after");
        const auto it = earlier.find(name);
        if (it == earlier.end())
          throw error(item, path + ".after",
                      "no earlier step named '" + name + "' in job '" + job.name + "'");
        s.after.push_back(it->second);
      }
    } else if (!earlier.empty()) {
      s.after.push_back(earlier.size() - 1); // the step before
      s.after_default = true;
    }
    return s;
  }

  workload_job job(const YAML::Node &node, const std::string &path,
                   const std::set<std::string> &names) {
    if (!node.IsMap())
      throw error(node, path, "expected a map (name, ranks, steps, ...)");
    workload_job j;
    j.path = path;
    j.name = scalar_text(file, required(file, node, path, "name"), path + ".name");
    if (names.count(j.name))
      throw error(node["name"], path + ".name", "job '" + j.name + "' is defined twice");
    j.params = param_set(&workload_job_specs(), path);
    set_params_from(file, node, path, j.params, {"name", "ranks", "steps"}, "workload file");
    check_network(j.params, "scale_up_network", path);
    check_network(j.params, "scale_out_network", path);
    if (node["ranks"]) {
      j.ranks = indices(node["ranks"], path + ".ranks", endpoint_names.size(), true);
    } else {
      for (std::size_t e = 0; e < endpoint_names.size(); ++e)
        j.ranks.push_back(static_cast<std::uint32_t>(e));
    }
    const YAML::Node steps = required(file, node, path, "steps");
    if (!steps.IsSequence() || steps.size() == 0)
      throw error(steps, path + ".steps", "expected a non-empty list of steps");
    std::map<std::string, std::size_t> earlier;
    for (std::size_t k = 0; k < steps.size(); ++k) {
      const std::string sp = path + ".steps[" + std::to_string(k) + "]";
      workload_step s = step(steps[k], sp, j, earlier);
      if (earlier.count(s.name))
        throw error(steps[k]["name"], sp + ".name",
                    "step '" + s.name + "' is defined twice in job '" + j.name + "'");
      earlier[s.name] = k;
      j.steps.push_back(std::move(s));
    }
    return j;
  }
};

} // namespace

workload_plan load_workload_file(const std::string &file, const netlist &n) {
  const YAML::Node root = load_yaml_file(file);
  if (!root.IsMap())
    throw input_error({file, 1}, "",
                      "expected a workload file (fabricvp_workload: 1, jobs: [...])");
  check_keys(file, root, "", {"fabricvp_workload", "jobs"});
  const std::string version =
      scalar_text(file, required(file, root, "", "fabricvp_workload"), "fabricvp_workload");
  if (version != "1")
    throw input_error(where_of(file, root["fabricvp_workload"]), "fabricvp_workload",
                      "unsupported workload format version '" + version +
                          "' (this fabricvp reads 1)");
  reader r{file, n, {}};
  for (std::size_t e : n.endpoints())
    r.endpoint_names.push_back(n.instances[e].path);
  const YAML::Node jobs = required(file, root, "", "jobs");
  if (!jobs.IsSequence() || jobs.size() == 0)
    throw input_error(where_of(file, jobs), "jobs", "expected a non-empty list of jobs");
  workload_plan plan;
  plan.file = file;
  std::set<std::string> names;
  for (std::size_t k = 0; k < jobs.size(); ++k) {
    plan.jobs.push_back(r.job(jobs[k], "jobs[" + std::to_string(k) + "]", names));
    names.insert(plan.jobs.back().name);
  }
  return plan;
}

schedule compile_workload(const workload_plan &plan, const fabric_view &p) {
  schedule s;
  for (const workload_job &job : plan.jobs) {
    const std::size_t n = job.ranks.size();
    // Per job rank: what the next iteration waits for.
    std::vector<node_id> iteration_start(n, no_node);
    const time_ps start = seconds_to_ps(job.params.get("start"));
    if (start > 0) {
      operation_desc wait;
      wait.name = "start";
      wait.job = job.name;
      wait.kind = "join"; // a delay before the job, not an operation of its own
      wait.ranks = job.ranks;
      s.begin_op(wait);
      for (std::size_t r = 0; r < n; ++r)
        iteration_start[r] = s.add_local(job.ranks[r], start);
      s.end_op();
    }
    const long iterations = job.params.get_int("iterations");
    for (long it = 0; it < iterations; ++it) {
      // done[k][r]: completion of step k on job rank r (no_node: not in it).
      std::vector<std::vector<node_id>> done(job.steps.size(), std::vector<node_id>(n, no_node));
      std::vector<std::vector<bool>> member(job.steps.size(), std::vector<bool>(n, false));
      for (std::size_t k = 0; k < job.steps.size(); ++k) {
        const workload_step &st = job.steps[k];
        std::vector<std::uint32_t> ranks = st.ranks; // job rank indices
        if (ranks.empty())
          for (std::size_t r = 0; r < n; ++r)
            ranks.push_back(static_cast<std::uint32_t>(r));
        // Start of each rank: the steps it comes after, where it took part.
        std::vector<node_id> begin(ranks.size());
        for (std::size_t i = 0; i < ranks.size(); ++i) {
          std::vector<node_id> wait;
          if (st.after_default) {
            // The step before it on this rank: the last one it took part in.
            for (std::size_t a = k; a-- > 0;)
              if (member[a][ranks[i]]) {
                if (done[a][ranks[i]] != no_node)
                  wait.push_back(done[a][ranks[i]]);
                break;
              }
          } else {
            for (std::size_t a : st.after)
              if (member[a][ranks[i]] && done[a][ranks[i]] != no_node)
                wait.push_back(done[a][ranks[i]]);
          }
          if (wait.empty() && iteration_start[ranks[i]] != no_node)
            wait.push_back(iteration_start[ranks[i]]);
          begin[i] = wait.size() <= 1 ? (wait.empty() ? no_node : wait[0]) : no_node;
          if (wait.size() > 1) {
            // A join belongs to an operation: give it one of its own.
            operation_desc j;
            j.name = st.name + ".join";
            j.job = job.name;
            j.kind = "join";
            j.ranks = {job.ranks[ranks[i]]};
            s.begin_op(j);
            begin[i] = s.join(job.ranks[ranks[i]], wait);
            s.end_op();
          }
        }
        const std::string op = st.params.get_choice("op");
        const std::string label = iterations > 1 ? st.name + "#" + std::to_string(it) : st.name;
        const long g = st.params.get_int("groups");
        const std::size_t per = g > 0 ? static_cast<std::size_t>(g) : ranks.size();
        for (std::size_t first = 0; first < ranks.size(); first += per) {
          std::vector<std::uint32_t> comm_ranks, endpoints;
          std::vector<node_id> comm_begin;
          for (std::size_t i = first; i < first + per; ++i) {
            comm_ranks.push_back(ranks[i]);
            endpoints.push_back(job.ranks[ranks[i]]);
            comm_begin.push_back(begin[i]);
          }
          const std::string name =
              per < ranks.size() ? label + "[" + std::to_string(first / per) + "]" : label;
          std::vector<node_id> finished;
          if (op == "compute") {
            finished = add_compute(s, name, job.name, endpoints,
                                   seconds_to_ps(st.params.get("compute")), comm_begin);
          } else {
            collective_call c;
            c.name = name;
            c.job = job.name;
            c.kind = op;
            c.algorithm = st.params.get_choice("algorithm");
            c.ranks = endpoints;
            c.message_bytes = std::floor(st.params.get("size"));
            c.chunk_bytes = static_cast<std::uint64_t>(st.params.get("chunk"));
            c.reduce_ps = seconds_to_ps(st.params.get("reduce_time"));
            c.root = static_cast<std::uint32_t>(st.params.get_int("root"));
            try {
              bind_call(c, p, job.params.get_name("scale_up_network"),
                        job.params.get_name("scale_out_network"), job.params.get_int("group_size"),
                        st.params.get_int("channels"));
            } catch (const call_error &e) {
              const param_set &owner = st.params.has_spec(e.param) ? st.params : job.params;
              const std::string owner_path = st.params.has_spec(e.param) ? st.path : job.path;
              // A setting left at its default has no line: blame the step.
              const bool located =
                  owner.has_spec(e.param) && !owner.value(e.param).where.file.empty();
              throw input_error(located ? owner.value(e.param).where : st.where,
                                owner_path + "." + e.param, e.message);
            }
            finished = add_collective(s, c, comm_begin);
          }
          for (std::size_t i = 0; i < comm_ranks.size(); ++i) {
            done[k][comm_ranks[i]] = finished[i];
            member[k][comm_ranks[i]] = true;
          }
        }
      }
      // The next iteration starts on a rank when all of this one is done there.
      for (std::size_t r = 0; r < n; ++r) {
        std::vector<node_id> all;
        for (std::size_t k = 0; k < job.steps.size(); ++k)
          if (member[k][r] && done[k][r] != no_node)
            all.push_back(done[k][r]);
        if (all.size() > 1) {
          operation_desc j;
          j.name = "iteration" + std::to_string(it) + ".end";
          j.job = job.name;
          j.kind = "join";
          j.ranks = {job.ranks[r]};
          s.begin_op(j);
          iteration_start[r] = s.join(job.ranks[r], all);
          s.end_op();
        } else if (all.size() == 1) {
          iteration_start[r] = all[0];
        }
      }
    }
  }
  s.finalize();
  return s;
}

} // namespace fabricvp
