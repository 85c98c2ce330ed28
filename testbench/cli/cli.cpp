#include "testbench/cli/cli.h"

#include "core/nearest_names.h"
#include "core/stop_request.h"
#include "platforms/platform_document.h"
#include "platforms/routing.h"

#include "platforms/registry.h"
#include "platforms/sections.h"
#include "testbench/cli/compare.h"
#include "testbench/cli/html_report.h"
#include "testbench/cli/module_docs.h"
#include "testbench/cli/output_rules.h"
#include "testbench/cli/param_tables.h"
#include "testbench/cli/reliability_command.h"
#include "testbench/cli/review_charts.h"
#include "testbench/cli/stop_signals.h"
#include "testbench/session/fabric_checks.h"
#include "testbench/session/session.h"
#include "testbench/study/sweep_command.h"
#include "testbench/workloads/collective.h"
#include "testbench/workloads/workload_file.h"
#include "traces/link_csv.h"
#include "traces/output_file.h"
#include "traces/report_json.h"
#include "traces/run_summary.h"
#include "traces/vcd_writer.h"

#include <boost/program_options.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace po = boost::program_options;

namespace fabricvp {
namespace {

const char *usage_text =
    "usage: fabricvp COMMAND [OPTIONS]\n"
    "commands:\n"
    "  run [PLATFORM.yaml]     simulate a platform (default: platforms/default.yaml)\n"
    "  validate PLATFORM.yaml  check a platform and print its link budgets\n"
    "  list [TYPE|presets]     component types and their parameters; presets (one: NAME)\n"
    "  compare A.yaml B.yaml.. run platforms under the same options, side by side\n"
    "  reliability PLATFORM.yaml  failures, repair, availability and training time lost\n"
    "  docs --check|--write    the parameter tables of docs/modules/ against the registry\n"
    "  sweep STUDY.yaml        run a study's points (parameters, platforms, seeds)\n"
    "run `fabricvp COMMAND --help` for the options of a command\n";

std::string default_platform() { return platforms_folder() + "/default.yaml"; }

std::string default_docs_folder() {
  return (std::filesystem::path(platforms_folder()).parent_path() / "docs" / "modules").string();
}

po::options_description platform_options() {
  po::options_description d("platform options");
  d.add_options()("set", po::value<std::vector<std::string>>()->composing(),
                  "override a parameter: PATH=VALUE (e.g. sw0.buffer=32MiB, "
                  "'acc*.ports=4', workload.load=0.5, links.copper.serdes.lanes=2)")(
      "seed", po::value<std::string>(),
      "random seed (simulation.seed)")("duration", po::value<std::string>(),
                                       "simulated traffic time, e.g. 50us (simulation.duration)")(
      "workload", po::value<std::string>(),
      "workload file (jobs, steps, dependencies) replacing the platform's workload");
  return d;
}

// Checks an option that stands for a simulation parameter against that
// parameter's spec, so that an error names the option the user typed.
double checked_option(const std::string &option, const std::string &param,
                      const std::string &text) {
  for (const auto &s : simulation_param_specs())
    if (s.name == param) {
      try {
        return parse_param_text(s, text);
      } catch (const std::invalid_argument &e) {
        throw input_error({option, 0}, "simulation." + param, e.what());
      }
    }
  throw std::logic_error("no simulation parameter " + param);
}

void apply_platform_options(const po::variables_map &vm, run_options &o) {
  if (vm.count("workload"))
    o.workload_file = vm["workload"].as<std::string>();
  if (vm.count("set"))
    o.overrides = vm["set"].as<std::vector<std::string>>();
  // --seed and --duration are --set simulation.seed/duration: given both
  // ways, which one wins would be a guess.
  for (const char *option : {"seed", "duration"}) {
    const std::string param = std::string("simulation.") + option;
    for (const auto &s : o.overrides)
      if (vm.count(option) && s.rfind(param + "=", 0) == 0)
        throw input_error({std::string("--") + option, 0}, param,
                          "given twice: --" + std::string(option) + " " +
                              vm[option].as<std::string>() + " and --set " + s +
                              " (give one of them)");
  }
  if (vm.count("seed"))
    o.seed = static_cast<long>(checked_option("--seed", "seed", vm["seed"].as<std::string>()));
  if (vm.count("duration")) {
    o.duration = vm["duration"].as<std::string>();
    checked_option("--duration", "duration", *o.duration);
  }
}

// prepare_netlist() applies --seed and --duration as --set overrides; an
// error they cause (warmup >= duration) should name the option the user gave.
netlist prepare(const po::variables_map &vm, const run_options &o) {
  try {
    return prepare_netlist(o);
  } catch (const input_error &e) {
    if (e.where().file != "--set")
      throw;
    for (const auto &[option, param] :
         {std::pair<std::string, std::string>{"seed", "simulation.seed"},
          {"duration", "simulation.duration"}}) {
      if (!vm.count(option)) // never also in --set (apply_platform_options)
        continue;
      const std::string what = e.what();
      const std::string prefix =
          e.where().origin() + ": " + (e.path().empty() ? "" : e.path() + ": ");
      if (e.path() == param && what.rfind(prefix, 0) == 0)
        throw input_error({"--" + option, 0}, e.path(), what.substr(prefix.size()));
    }
    throw;
  }
}

po::variables_map parse(int argc, char **argv, const po::options_description &visible,
                        const char *positional_name, int max_positional) {
  po::options_description all;
  all.add(visible);
  all.add_options()(positional_name, po::value<std::vector<std::string>>(), "");
  po::positional_options_description pos;
  pos.add(positional_name, max_positional);
  po::variables_map vm;
  po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
  po::notify(vm);
  return vm;
}

const char *force_help = "replace output files that fabricvp did not write (or a .gtkw "
                         "edited since); files a run wrote are replaced without it";

std::string given(const po::variables_map &vm, const std::string &option,
                  const std::string &fallback) {
  return vm.count(option) ? vm[option].as<std::string>() : fallback;
}

// Where a run's outputs go besides run_options' own: the link table, the
// charts (--charts: STEM.NAME.svg and .png) and the HTML page (--html).
struct run_files {
  std::string link_csv;
  std::string chart_stem;          // OUT/NAME: the charts are STEM.port_watts.svg, ...
  std::vector<std::string> charts; // run_chart_names, when --charts
  std::string html;
};

// The run's outputs (explicit or OUT/NAME.*), checked against the output
// rules before anything runs; a .gtkw the user edited is kept.
run_files plan_run_outputs(const po::variables_map &vm, const netlist &n, run_options &o) {
  const std::string out = vm["out"].as<std::string>();
  if (out.empty())
    throw input_error({"--out", 0}, "", "the folder name is empty");
  const std::string stem =
      out + "/" +
      (n.name.empty() ? std::filesystem::path(o.platform_file).stem().string() : n.name);
  run_files files;
  o.power_log_file = given(vm, "power-log", stem + ".power.csv");
  o.report_file = given(vm, "report", stem + ".report.json");
  files.link_csv = given(vm, "link-csv", stem + ".links.csv");
  files.chart_stem = stem;
  files.html = given(vm, "html", "");
  output_plan plan{run_input_files(n), {}, out, vm.count("force") > 0};
  auto add = [&](const std::string &option, const std::string &path, output_kind kind) {
    plan.outputs.push_back({vm.count(option) ? "--" + option : "--out", path, kind});
  };
  add("report", o.report_file, output_kind::report);
  add("power-log", o.power_log_file, output_kind::power_log);
  add("link-csv", files.link_csv, output_kind::link_table);
  if (vm.count("vcd")) {
    o.vcd_file = vm["vcd"].as<std::string>();
    add("vcd", o.vcd_file, output_kind::vcd);
    o.gtkw_file = o.vcd_file.empty() ? "" : gtkw_path_beside(o.vcd_file);
    o.write_gtkw = !o.gtkw_file.empty();
    if (o.write_gtkw)
      add("vcd", o.gtkw_file, output_kind::gtkw);
  }
  if (vm.count("charts")) {
    files.charts = run_chart_names(n);
    for (const std::string &name : files.charts) {
      const std::vector<std::string> paths = chart_files(stem + "." + name);
      plan.outputs.push_back({"--charts", paths[0], output_kind::chart});
      plan.outputs.push_back({"--charts", paths[1], output_kind::chart_png});
    }
  }
  if (vm.count("html"))
    add("html", files.html, output_kind::html);
  for (const kept_output &k : check_outputs(plan)) {
    std::cerr << "fabricvp: note: " << k.note << "\n";
    o.write_gtkw = false;
  }
  return files;
}

// The charts and the page of a run (--charts, --html), after its other
// outputs; returns the summary lines.
std::string write_review_outputs(const netlist &n, const run_options &o, const run_files &files,
                                 const run_result &r) {
  if (files.charts.empty() && files.html.empty())
    return "";
  std::ostringstream lines;
  const nlohmann::json row = compare_row(n, r);
  std::vector<chart> charts = run_charts(r, row, o.power_log_file);
  const std::string not_drawn = draw_charts(charts);
  std::vector<page_file> links = {{"report (JSON)", o.report_file},
                                  {"power log (CSV)", o.power_log_file},
                                  {"link table (CSV)", files.link_csv}};
  if (!o.vcd_file.empty())
    links.push_back({"waveforms (VCD)", o.vcd_file});
  if (!o.gtkw_file.empty())
    links.push_back({"GTKWave save file (.gtkw)", o.gtkw_file});
  if (!files.charts.empty()) {
    for (const chart &c : charts)
      if (!c.svg.empty()) {
        write_chart_files(c, files.chart_stem + "." + c.name);
        for (const std::string &f : chart_files(files.chart_stem + "." + c.name))
          links.push_back({c.what, f});
      }
    lines << "  charts           " << files.chart_stem << ".{";
    for (std::size_t i = 0; i < files.charts.size(); ++i)
      lines << (i ? "," : "") << files.charts[i];
    lines << "}.{svg,png}" << (not_drawn.empty() ? "" : " (stopped: " + not_drawn + ")") << "\n";
  }
  if (!files.html.empty()) {
    write_output_file(files.html, "the HTML report",
                      run_page(r, row, charts, not_drawn, links, files.html));
    lines << "  HTML report      " << files.html << "\n";
  }
  return lines.str();
}

int cmd_run(int argc, char **argv) {
  po::options_description d("fabricvp run [PLATFORM.yaml] [options]");
  d.add_options()("help,h", "this help")("vcd", po::value<std::string>(),
                                         "write a VCD waveform (and a .gtkw beside it)")(
      "trace", po::value<std::vector<std::string>>()->composing(),
      "only trace signals whose path matches this glob (repeatable), e.g. '*.l1sw0.*'")(
      "power-log", po::value<std::string>(), "power log CSV (default OUT/NAME.power.csv)")(
      "power-log-elements", "also log every element, not only every power class")(
      "report", po::value<std::string>(), "JSON report (default OUT/NAME.report.json)")(
      "link-csv", po::value<std::string>(),
      "per-link utilisation table, one row per direction (default OUT/NAME.links.csv)")(
      "charts", "draw the design-review charts with gnuplot: OUT/NAME.CHART.svg and .png "
                "(port_watts, pj_per_bit, latency, power_time, link_heatmap, "
                "collective_timeline)")(
      "html", po::value<std::string>(),
      "write one self-contained HTML page (summary, tables, the charts inline)")(
      "out", po::value<std::string>()->default_value("out"),
      "folder for default outputs")("force", force_help)("quiet,q", "no summary on stdout");
  d.add(platform_options());
  po::variables_map vm = parse(argc, argv, d, "platform", 1);
  if (vm.count("help")) {
    std::cout << d;
    return 0;
  }
  run_options o;
  o.platform_file =
      vm.count("platform") ? vm["platform"].as<std::vector<std::string>>()[0] : default_platform();
  apply_platform_options(vm, o);
  netlist n = prepare(vm, o);
  if (vm.count("trace") && !vm.count("vcd"))
    throw input_error({"--trace", 0}, "", "--trace narrows --vcd; give --vcd FILE too");
  if (vm.count("trace"))
    o.trace_patterns = vm["trace"].as<std::vector<std::string>>();
  o.power_log_per_element = vm.count("power-log-elements") > 0;
  if (vm.count("charts") && !gnuplot_available())
    throw input_error({"--charts", 0}, "",
                      "gnuplot draws the charts and is not on PATH (Debian: apt-get install "
                      "gnuplot-nox)");
  const run_files files = plan_run_outputs(vm, n, o);

  install_stop_handlers();
  run_outcome out = run_simulation(n, o);
  write_output_file(o.report_file, "the report", report_json(out.result).dump(2) + "\n");
  write_link_csv(out.result, files.link_csv);
  const std::string review = write_review_outputs(n, o, files, out.result);
  if (!vm.count("quiet")) {
    std::cout << run_summary(out.result);
    std::cout << "  report           " << o.report_file << "\n";
    std::cout << "  power log        " << o.power_log_file << "\n";
    std::cout << "  link table       " << files.link_csv << "\n";
    if (!o.vcd_file.empty())
      std::cout << "  waveforms        " << o.vcd_file
                << (o.gtkw_file.empty() ? "" : " (open " + o.gtkw_file + " in GTKWave)") << "\n";
    std::cout << review;
  }
  if (out.exit_code != 0)
    std::cerr << "fabricvp: model failure: " << out.failure << "\n";
  if (stop_requested()) {
    std::cerr << "fabricvp: interrupted by " << signal_name(stop_signal()) << " at "
              << out.result.sim_time_s() * 1e6 << " us simulated; the outputs cover the run up to "
              << "then\n";
    return exit_code_for_signal(stop_signal());
  }
  return out.exit_code;
}

int cmd_validate(int argc, char **argv) {
  po::options_description d("fabricvp validate PLATFORM.yaml [options]");
  d.add_options()("help,h", "this help")(
      "print-resolved", "print the checked platform as one file (extends: and include: merged, "
                        "--set, --seed, --duration in its set:) instead of the link table");
  d.add(platform_options());
  po::variables_map vm = parse(argc, argv, d, "platform", 1);
  if (vm.count("help")) {
    std::cout << d;
    return 0;
  }
  if (!vm.count("platform"))
    throw input_error({"validate", 0}, "", "give the platform file to validate");
  run_options o;
  o.platform_file = vm["platform"].as<std::vector<std::string>>()[0];
  apply_platform_options(vm, o);
  netlist n = prepare(vm, o);
  if (vm.count("print-resolved")) {
    std::vector<std::string> settings = o.overrides; // in the order prepare_netlist applies them
    if (o.seed)
      settings.push_back("simulation.seed=" + std::to_string(*o.seed));
    if (o.duration)
      settings.push_back("simulation.duration=" + *o.duration);
    std::cout << resolved_platform_text(read_platform_document(o.platform_file), settings,
                                        n.workload_file);
    return 0;
  }
  std::size_t switches = 0;
  for (const auto &i : n.instances)
    switches += is_switch(i.type);
  std::cout << o.platform_file << ": ok: " << n.endpoints().size() << " endpoints, " << switches
            << " switches, " << n.connections.size() << " links\n";
  const double frame_bytes = n.workload.get("size");
  std::printf("%-44s %-12s %9s %9s %9s %10s %8s %5s %7s %9s %10s %10s %10s\n", "link", "kind",
              "loss_dB", "budget_dB", "margin_dB", "pJ/bit", "status", "spans", "reach_m",
              "opt_mrg", "preFEC_BER", "postFEC_CER", "frame_loss");
  for (const auto &c : n.connections) {
    const link_kind_desc &lk = n.link_kinds.at(c.link_kind);
    const link_spec spec = link_spec_of(lk);
    const link_budget b = compute_link_budget(spec);
    const double pj = serdes_phy::energy_per_bit_of(lk.serdes, b.spans.front().loss_db) * 1e12;
    const bool down = b.electrical_fails() || b.optical_fails();
    std::printf("%-44s %-12s %9.2f %9.2f %9.2f %10.3f %8s %5zu %7.2f", c.label.c_str(),
                c.link_kind.c_str(), b.electrical_loss_db, b.electrical_budget_db,
                b.electrical_margin_db, pj, down ? "degraded" : "up", b.spans.size(),
                b.cable_reach_m);
    if (b.optical)
      std::printf(" %9.2f", b.optical_margin_db);
    else
      std::printf(" %9s", "-");
    std::printf(" %10.3g %10.3g %10.3g%s\n", b.pre_fec_ber, b.codeword_error,
                frame_errors_of(spec, b).mean_frame_loss(frame_bytes),
                b.cage_over_limit ? "  module over cage power limit" : "");
  }
  for (const cable_count &c : cable_inventory(n))
    std::printf("cables %-14s %7ld cables, %8ld %s, %10.1f m of cable, %10.1f m (%.2f mi) of "
                "%s\n",
                c.kind.c_str(), c.cables, c.pairs, c.kind == "fibre" ? "fibres" : "pairs",
                c.cable_length_m, c.pair_length_m, c.pair_length_m / 1609.344,
                c.kind == "fibre" ? "fibre" : "pairs");
  const routing r = compute_routing(n);
  check_reachability(n, *r.tables);
  // The workload compiled on the routing tables, as `run` would: a
  // collective that cannot run here is an error now, not after elaboration.
  const routing_view view(n, r);
  if (!n.workload_file.empty()) {
    const workload_plan plan = load_workload_file(n.workload_file, n);
    std::size_t steps = 0;
    for (const auto &j : plan.jobs)
      steps += j.steps.size();
    const schedule s = compile_workload(plan, view);
    std::cout << "workload file " << n.workload_file << ": ok: " << plan.jobs.size() << " job(s), "
              << steps << " step(s), " << s.size() << " schedule nodes\n";
  } else if (collective_engine::is_collective(n.workload.get_choice("pattern"))) {
    const schedule s = collective_engine::schedule_from_workload(view, n.workload);
    std::cout << "workload: ok: " << s.operations().front().kind << " "
              << s.operations().front().algorithm << " on " << s.operations().front().ranks.size()
              << " ranks, " << s.size() << " schedule nodes\n";
  }
  for (const std::string &w : enforce_deadlock_check(n, r.checks))
    std::cerr << o.platform_file << ": " << w << "\n";
  for (const std::string &w : chip_class_warnings(n))
    std::cerr << w << "\n";
  for (const routing_check &c : r.checks)
    std::printf("routing network %-12s %6zu lossless channels, %8zu dependencies: %s\n",
                c.network.c_str(), c.lossless_channels, c.dependencies,
                c.deadlock_free ? "deadlock-free" : ("CYCLE " + c.cycle).c_str());
  return 0;
}

// `compare A.yaml --set x=1 -- A.yaml --set x=2`: each group between `--`
// has its own platforms and platform options; --out may be given once.
std::vector<std::vector<char *>> compare_groups(int argc, char **argv) {
  std::vector<std::vector<char *>> groups(1, std::vector<char *>{argv[0]});
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--")
      groups.push_back({argv[0]});
    else
      groups.back().push_back(argv[i]);
  }
  return groups;
}

int cmd_compare(int argc, char **argv) {
  po::options_description d(
      "fabricvp compare A.yaml B.yaml ... [options] [-- C.yaml [options]]...");
  d.add_options()("help,h", "this help")(
      "out", po::value<std::string>(),
      "prefix of PREFIX.csv, PREFIX.json and the charts PREFIX.svg/.png (power by class), "
      "PREFIX.{port_watts,pj_per_bit,latency}.svg/.png (default out/compare)")(
      "html", po::value<std::string>(),
      "write one self-contained HTML page (the table, the charts inline)")("force", force_help);
  d.add(platform_options());
  // Every platform is read and checked first: an input error stops before any run.
  std::vector<run_options> runs;
  std::vector<netlist> nets;
  output_plan plan;
  std::string prefix, html;
  bool prefix_given = false;
  for (auto &group : compare_groups(argc, argv)) {
    po::variables_map vm = parse(static_cast<int>(group.size()), group.data(), d, "platform", -1);
    if (vm.count("help")) {
      std::cout << d;
      return 0;
    }
    if (vm.count("out") && prefix_given)
      throw input_error({"--out", 0}, "", "give --out once");
    if (vm.count("out")) {
      prefix = vm["out"].as<std::string>();
      prefix_given = true;
    }
    if (vm.count("html") && !html.empty())
      throw input_error({"--html", 0}, "", "give --html once");
    if (vm.count("html")) {
      html = vm["html"].as<std::string>();
      if (html.empty())
        throw input_error({"--html", 0}, "", "the file name is empty");
    }
    plan.force = plan.force || vm.count("force") > 0;
    if (!vm.count("platform"))
      throw input_error({"compare", 0}, "",
                        "give the platform files to compare (each group "
                        "between -- names its own)");
    run_options o;
    apply_platform_options(vm, o);
    for (const auto &f : vm["platform"].as<std::vector<std::string>>()) {
      runs.push_back(o);
      runs.back().platform_file = f;
      nets.push_back(prepare(vm, runs.back()));
      for (const input_file &in : run_input_files(nets.back()))
        plan.inputs.push_back(in);
    }
  }
  if (!prefix_given)
    prefix = "out/compare";
  if (prefix.empty() || !std::filesystem::path(prefix).has_filename())
    throw input_error({"--out", 0}, prefix, "the prefix names no file");
  const std::string folder = std::filesystem::path(prefix).parent_path().string();
  plan.out_folder = folder.empty() ? "." : folder;
  plan.outputs = {{"--out", prefix + ".csv", output_kind::compare_csv},
                  {"--out", prefix + ".json", output_kind::compare_json}};
  for (const std::string &name : compare_chart_names()) {
    const std::vector<std::string> paths = chart_files(compare_chart_stem(prefix, name));
    plan.outputs.push_back({"--out", paths[0], output_kind::chart});
    plan.outputs.push_back({"--out", paths[1], output_kind::chart_png});
  }
  if (!html.empty())
    plan.outputs.push_back({"--html", html, output_kind::html});
  check_outputs(plan);
  install_stop_handlers();
  return run_compare(nets, runs, prefix, html, std::cout, std::cerr);
}

// `list presets [NAME] [--platform FILE]`: the shipped presets, or those a
// platform sees (its own preset files loaded over the shipped ones).
int list_presets(const po::variables_map &vm, const std::vector<std::string> &words) {
  preset_catalog presets;
  presets.load_folder(platforms_folder() + "/presets");
  if (vm.count("platform"))
    presets = platform_presets(read_platform_document(vm["platform"].as<std::string>()), presets);
  const std::string only = words.size() == 2 ? words[1] : "";
  if (!only.empty() && !presets.find(only))
    throw input_error({"list presets", 0}, only,
                      "unknown preset" + did_you_mean(only, presets.names()) +
                          " (run `fabricvp list presets` for all)");
  for (const auto &[name, p] : presets.all()) {
    if (!only.empty() && name != only)
      continue;
    std::cout << name << " (" << p.type << "): " << p.description << "\n";
    if (!only.empty() || !p.replaced.empty())
      std::cout << "    defined at " << p.where.origin()
                << (p.replaced.empty() ? "" : ", replacing the one at " + p.replaced) << "\n";
    for (const auto &[key, v] : p.values)
      std::cout << "    " << key << " = " << v.text << "    [" << v.source << "]\n";
  }
  return 0;
}

int cmd_list(int argc, char **argv) {
  po::options_description d("fabricvp list [TYPE | presets [NAME]] [--markdown] [--platform FILE]");
  d.add_options()("help,h", "this help")(
      "markdown", "print each type's parameters as the Markdown table of docs/modules/TYPE.md")(
      "platform", po::value<std::string>(),
      "with `presets`: the presets as this platform sees them (its own `presets:` files "
      "loaded over the shipped ones)");
  po::variables_map vm = parse(argc, argv, d, "what", 2);
  if (vm.count("help")) {
    std::cout << d;
    return 0;
  }
  const std::vector<std::string> words =
      vm.count("what") ? vm["what"].as<std::vector<std::string>>() : std::vector<std::string>{};
  const std::string what = words.empty() ? "" : words[0];
  if (what == "presets")
    return list_presets(vm, words);
  if (vm.count("platform"))
    throw input_error({"--platform", 0}, "", "--platform goes with `list presets`");
  if (words.size() > 1)
    throw input_error({"list", 0}, words[1], "`list TYPE` takes one type name");
  bool found = false;
  for (const auto &t : component_types()) {
    if (!what.empty() && t.name != what)
      continue;
    found = true;
    if (vm.count("markdown"))
      std::cout << (what.empty() ? "## " + t.name + "\n\n" : "") << param_table_markdown(t)
                << (what.empty() ? "\n" : "");
    else
      std::cout << type_listing(t);
  }
  if (!found) {
    std::vector<std::string> names{"presets"};
    for (const auto &t : component_types())
      names.push_back(t.name);
    throw input_error({"list", 0}, what,
                      "unknown component type" + did_you_mean(what, names) +
                          " (run `fabricvp list` for all)");
  }
  return 0;
}

int cmd_reliability(int argc, char **argv) {
  po::options_description d("fabricvp reliability PLATFORM.yaml [options]");
  d.add_options()("help,h", "this help")(
      "job", po::value<std::vector<std::string>>()->composing(),
      "the training job: KEY=VALUE[,KEY=VALUE...] of accelerators, length, checkpoint_interval, "
      "restart, trials, seed (e.g. accelerators=1024,length=30d,checkpoint_interval=30min)")(
      "report", po::value<std::string>(), "JSON report (default OUT/NAME.reliability.json)")(
      "out", po::value<std::string>()->default_value("out"),
      "folder for default outputs")("force", force_help)("quiet,q", "no summary on stdout");
  po::options_description p("platform options");
  p.add_options()("set", po::value<std::vector<std::string>>()->composing(),
                  "override a parameter: PATH=VALUE (e.g. reliability.pluggable_dsp.fit=500, "
                  "reliability.switch.mttr=8h, links.fabric_800g.spare_lanes=1)");
  d.add(p);
  po::variables_map vm = parse(argc, argv, d, "platform", 1);
  if (vm.count("help")) {
    std::cout << d
              << "Component classes and their presets: `fabricvp list presets`; the "
                 "class parameters: `fabricvp list reliability_class`.\n";
    return 0;
  }
  if (!vm.count("platform"))
    throw input_error({"reliability", 0}, "", "give a platform file");
  run_options o;
  o.platform_file = vm["platform"].as<std::vector<std::string>>()[0];
  apply_platform_options(vm, o);
  netlist n = prepare(vm, o);
  if (vm.count("job"))
    for (const std::string &j : vm["job"].as<std::vector<std::string>>())
      apply_job_option(n, j);
  const std::string out = vm["out"].as<std::string>();
  if (out.empty())
    throw input_error({"--out", 0}, "", "the folder name is empty");
  const std::string report =
      given(vm, "report",
            out + "/" +
                (n.name.empty() ? std::filesystem::path(o.platform_file).stem().string() : n.name) +
                ".reliability.json");
  output_plan plan{run_input_files(n), {}, out, vm.count("force") > 0};
  plan.outputs.push_back(
      {vm.count("report") ? "--report" : "--out", report, output_kind::reliability});
  check_outputs(plan);
  const reliability_result r = analyse_reliability(n);
  write_output_file(report, "the reliability report", reliability_json(r).dump(2) + "\n");
  if (!vm.count("quiet"))
    std::cout << reliability_summary(r) << "  report           " << report << "\n";
  return 0;
}

int cmd_docs(int argc, char **argv) {
  po::options_description d("fabricvp docs (--check | --write) [DIR]");
  d.add_options()("help,h", "this help")(
      "check", "exit 1 unless every page and table in DIR matches the registry")(
      "write", "regenerate the tables and the index, start missing pages");
  po::variables_map vm = parse(argc, argv, d, "dir", 1);
  if (vm.count("help")) {
    std::cout << d << "DIR defaults to the source tree's docs/modules\n";
    return 0;
  }
  if (vm.count("check") == vm.count("write"))
    throw input_error({"docs", 0}, "", "give one of --check and --write");
  const std::string dir =
      vm.count("dir") ? vm["dir"].as<std::vector<std::string>>()[0] : default_docs_folder();
  if (vm.count("write")) {
    for (const std::string &file : write_module_docs(dir))
      std::cout << "wrote " << dir << "/" << file << "\n";
    return 0;
  }
  const std::vector<std::string> problems = check_module_docs(dir);
  for (const std::string &p : problems)
    std::cerr << dir << "/" << p << "\n";
  if (!problems.empty())
    return 1;
  std::cout << dir << ": every page matches the registry\n";
  return 0;
}

} // namespace

int cli_main(int argc, char **argv) {
  if (argc < 2) {
    std::cerr << usage_text;
    return 2;
  }
  const std::string cmd = argv[1];
  try {
    if (cmd == "run")
      return cmd_run(argc - 1, argv + 1);
    if (cmd == "validate")
      return cmd_validate(argc - 1, argv + 1);
    if (cmd == "list")
      return cmd_list(argc - 1, argv + 1);
    if (cmd == "compare")
      return cmd_compare(argc - 1, argv + 1);
    if (cmd == "docs")
      return cmd_docs(argc - 1, argv + 1);
    if (cmd == "reliability")
      return cmd_reliability(argc - 1, argv + 1);
    if (cmd == "sweep")
      return cmd_sweep(argc - 1, argv + 1);
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      std::cout << usage_text;
      return 0;
    }
    std::cerr << "fabricvp: unknown command '" << cmd << "'\n" << usage_text;
    return 2;
  } catch (const input_error &e) {
    std::cerr << "fabricvp: error: " << e.what() << "\n";
    return 2;
  } catch (const po::error &e) {
    std::cerr << "fabricvp: error: option: " << e.what() << "\n";
    return 2;
  } catch (const model_error &e) {
    std::cerr << "fabricvp: model failure: " << e.what() << "\n";
    return 1;
  } catch (const sc_core::sc_report &e) {
    std::cerr << "fabricvp: model failure: SystemC: " << e.what() << "\n";
    return 1;
  } catch (const std::exception &e) {
    std::cerr << "fabricvp: internal error: " << e.what() << "\n";
    return 1;
  } catch (...) {
    std::cerr << "fabricvp: internal error: unknown exception\n";
    return 1;
  }
}

} // namespace fabricvp
