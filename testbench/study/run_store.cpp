#include "testbench/study/run_store.h"

#include "testbench/session/session.h"
#include "traces/output_file.h"
#include "traces/report_json.h"

#include <systemc>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fabricvp {

namespace fs = std::filesystem;

std::string point_folder(const std::string &out, std::size_t point) {
  return out + "/points/" + std::to_string(point);
}

std::string run_folder(const std::string &out, std::size_t point, int repetition) {
  return point_folder(out, point) + "/rep" + std::to_string(repetition);
}

void write_file_atomically(const std::string &file, const std::string &text) {
  std::error_code ec;
  fs::create_directories(fs::path(file).parent_path(), ec);
  if (ec)
    throw input_error({file, 0}, "", "cannot create its folder: " + ec.message());
  write_output_file(file, "this sweep file", text);
}

std::optional<nlohmann::json> read_json_file(const std::string &file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return std::nullopt;
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception &) {
    return std::nullopt;
  }
}

std::optional<nlohmann::json> recorded_status(const std::string &out, std::size_t point,
                                              int repetition, const std::string &hash) {
  auto s = read_json_file(run_folder(out, point, repetition) + "/status.json");
  if (!s || !s->is_object() || s->value("input_hash", "") != hash ||
      s->value("status", "") == "crashed")
    return std::nullopt;
  return s;
}

namespace {

// A folder a sweep may write into: new, empty, or one a sweep wrote.
void check_out_folder(const std::string &out) {
  std::error_code ec;
  if (!fs::exists(out, ec))
    return;
  if (!fs::is_directory(out, ec))
    throw input_error({"--out", 0}, out, "is a file, not a folder");
  // sweep.json: planned whole; points/: --point runs recorded before any plan.
  if (fs::exists(out + "/sweep.json", ec) || fs::is_directory(out + "/points", ec) ||
      fs::is_empty(out, ec))
    return;
  throw input_error({"--out", 0}, out,
                    "this folder holds other files and no sweep.json; give a new or empty "
                    "folder (a sweep writes only there)");
}

nlohmann::json status_json(const std::string &status, const std::string &error, long seed,
                           const std::string &hash, int code, double wall_s) {
  return {{"status", status},   {"error", error},    {"seed", seed},
          {"input_hash", hash}, {"exit_code", code}, {"wall_s", wall_s}};
}

} // namespace

void prepare_out_folder(const std::string &out, const study_plan &plan, bool whole_plan) {
  check_out_folder(out);
  const nlohmann::json j = plan_json(plan);
  std::error_code ec;
  fs::create_directories(out + "/points", ec);
  if (ec)
    throw input_error({"--out", 0}, out, "cannot create this folder: " + ec.message());
  const std::string text = j.dump(2) + "\n";
  auto existing = read_json_file(out + "/sweep.json");
  if (whole_plan && (!existing || existing->dump(2) + "\n" != text))
    write_file_atomically(out + "/sweep.json", text);
  for (const nlohmann::json &p : j["points"]) {
    const std::string file = point_folder(out, p["point"].get<std::size_t>()) + "/point.json";
    auto old = read_json_file(file);
    if (!old || *old != p)
      write_file_atomically(file, p.dump(2) + "\n");
  }
}

int execute_run(const study_plan &plan, const planned_point &p, int repetition,
                const std::string &out) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::string dir = run_folder(out, p.point.index, repetition);
  const long seed = p.point.seeds.at(repetition);
  const std::string &hash = p.input_hash.at(repetition);
  auto wall = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  auto record = [&](const std::string &status, const std::string &error, int code) {
    write_file_atomically(dir + "/status.json",
                          status_json(status, error, seed, hash, code, wall()).dump(2) + "\n");
    return code;
  };
  if (!p.rejected.empty())
    return record("rejected", p.rejected, 2);
  try {
    const netlist n = point_netlist(plan, p, repetition);
    run_options o;
    o.platform_file = n.file;
    o.quiet = true;
    run_outcome r = run_simulation(n, o);
    write_file_atomically(dir + "/report.json", report_json(r.result).dump(2) + "\n");
    return record(r.exit_code == 0 ? "ok" : "failed", r.failure, r.exit_code);
  } catch (const input_error &e) {
    return record("rejected", e.what(), 2);
  } catch (const sc_core::sc_report &e) {
    return record("failed", std::string("SystemC: ") + e.what(), 1);
  } catch (const std::exception &e) {
    return record("failed", e.what(), 1);
  }
}

} // namespace fabricvp
