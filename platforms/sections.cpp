#include "platforms/sections.h"

namespace fabricvp {

const std::vector<param_spec> &simulation_param_specs() {
  static const std::vector<param_spec> specs = {
      number_param("duration", dimension::time, "20us", 1e-12, 1e6,
                   "simulated time during which traffic is injected"),
      number_param("warmup", dimension::time, "2us", 0, 1e6,
                   "initial time excluded from latency/throughput statistics"),
      integer_param("seed", "1", 0, 4294967295L, "random seed (same seed, same results)"),
      flag_param("drain", "true",
                 "after `duration`, stop injecting and run until every packet is delivered"),
      number_param("drain_limit", dimension::time, "1ms", 0, 1e6,
                   "longest drain before packets still queued are reported as stuck"),
      choice_param("deadlock_check", "error", {"error", "warn", "off"},
                   "a routing network whose lossless links have a channel dependency cycle "
                   "(possible deadlock): refuse the platform, warn, or skip the check"),
      number_param("power_log_interval", dimension::time, "1us", 1e-12, 1e6,
                   "interval of the power log time series"),
      number_param("overload_threshold", dimension::none, "1.05", 0.5, 10,
                   "a port direction offered more than this fraction of its capacity during "
                   "the window (its queue grew) is reported as overloaded (assumption: 5% "
                   "above capacity is beyond the noise of a 2 us+ window of random traffic)"),
      choice_param("trace_thread", "auto", {"auto", "on", "off"},
                   "order and write the VCD on a second thread (auto: when the machine has "
                   "two or more hardware threads); the VCD is the same either way"),
  };
  return specs;
}

const std::vector<param_spec> &workload_param_specs() {
  static const std::vector<param_spec> specs = {
      choice_param("pattern", "uniform_random",
                   {"uniform_random", "permutation", "hotspot", "incast", "none", "all_reduce",
                    "all_gather", "reduce_scatter", "all_to_all", "broadcast", "all_reduce_ring",
                    "all_gather_ring", "reduce_scatter_ring"},
                   "destination pattern: uniform over others, fixed random permutation, a hot "
                   "spot share, many-to-one incast, no traffic, or a collective (one call on "
                   "message_size bytes in packets of `size`; the run ends when it completes; "
                   "the *_ring names are all_reduce etc. with algorithm ring)"),
      choice_param("arrival", "bernoulli", {"bernoulli", "poisson", "on_off"},
                   "arrival process at each source"),
      number_param("load", dimension::none, "0.7", 0, 1,
                   "offered load as a fraction of the source's port rate"),
      choice_param("size_distribution", "fixed", {"fixed", "uniform", "bimodal"},
                   "packet size distribution"),
      number_param("size", dimension::size, "4KiB", 1, 1e9,
                   "packet (frame) size for fixed; the large size for bimodal"),
      number_param("size_min", dimension::size, "64B", 1, 1e9, "smallest size (uniform, bimodal)"),
      number_param("size_max", dimension::size, "4KiB", 1, 1e9, "largest size (uniform)"),
      number_param("bimodal_small_fraction", dimension::none, "0.5", 0, 1,
                   "share of packets of size_min (bimodal)"),
      number_param("hotspot_fraction", dimension::none, "0.2", 0, 1,
                   "share of traffic sent to the hot spot (hotspot)"),
      integer_param("hotspot_target", "0", 0, 1 << 30, "endpoint index of the hot spot"),
      integer_param("incast_target", "0", 0, 1 << 30, "endpoint receiving the incast"),
      integer_param("incast_sources", "0", 0, 1 << 30,
                    "number of incast senders (0: every other endpoint)"),
      number_param("burst_mean", dimension::none, "16", 1, 1e9,
                   "mean packets per burst (on_off arrivals; geometric)"),
      integer_param("sources", "0", 0, 1 << 30,
                    "number of endpoints that inject (0: all, else the first N)"),
      integer_param("traffic_class", "0", 0, 7, "traffic class carried by the packets"),
      number_param("message_size", dimension::size, "1MiB", 1, 1e12,
                   "collectives: bytes per rank of the collective's buffer (nccl-tests S)"),
      integer_param("ranks", "0", 0, 1 << 30,
                    "collectives: ranks of the communicator, the first N endpoints (0: all)"),
      number_param("compute_gap", dimension::time, "0ns", 0, 1,
                   "collectives: reduction time after each received chunk that is reduced"),
      choice_param("algorithm", "ring", {"ring", "tree", "hierarchical", "pairwise"},
                   "collectives: ring; tree (all_reduce, pipelined binary tree); hierarchical "
                   "(all_reduce: reduce-scatter in scale-up groups, all-reduce across, "
                   "all-gather back); all_to_all is pairwise and broadcast a pipelined chain "
                   "whatever this says"),
      number_param("chunk", dimension::size, "0B", 0, 1e12,
                   "collectives: pipelining chunk of tree all-reduce and broadcast (0: S/8)"),
      integer_param("group_size", "0", 0, 1 << 30,
                    "hierarchical all-reduce: consecutive ranks per scale-up group (0: the "
                    "endpoints scale_up_network joins)"),
      name_param("scale_up_network", "",
                 "collectives: network of transfers inside a scale-up group (flat algorithms "
                 "use it wherever it joins the two ranks)"),
      name_param("scale_out_network", "",
                 "collectives: network of transfers between scale-up groups"),
      integer_param("root", "0", 0, 1 << 30, "broadcast: the root rank"),
      integer_param("channels", "0", 0, 255,
                    "collectives: split over this many channels, each on its own port of the "
                    "source (0: one per port rank 0 has towards rank 1, as NCCL spreads "
                    "channels over an accelerator's links)"),
  };
  return specs;
}

const std::vector<param_spec> &workload_job_specs() {
  static const std::vector<param_spec> specs = {
      integer_param("iterations", "1", 1, 1000000,
                    "times the job's steps run, one after the other"),
      number_param("start", dimension::time, "0s", 0, 1e6, "when the job's first step may start"),
      name_param("scale_up_network", "", "network of transfers inside a scale-up group"),
      name_param("scale_out_network", "", "network of transfers between scale-up groups"),
      integer_param("group_size", "0", 0, 1 << 30,
                    "hierarchical all-reduce: ranks per scale-up group (0: the ranks the "
                    "scale-up network joins)"),
  };
  return specs;
}

const std::vector<param_spec> &workload_step_specs() {
  static const std::vector<param_spec> specs = {
      choice_param(
          "op", "compute",
          {"compute", "all_reduce", "all_gather", "reduce_scatter", "all_to_all", "broadcast"},
          "what the step does (compute: wait `compute` on every rank)"),
      number_param("compute", dimension::time, "0s", 0, 1e6, "compute time of a compute step"),
      number_param("size", dimension::size, "1MiB", 1, 1e13,
                   "collective message size S (nccl-tests definition)"),
      choice_param("algorithm", "ring", {"ring", "tree", "hierarchical", "pairwise"},
                   "collective algorithm (see workload.algorithm)"),
      number_param("chunk", dimension::size, "0B", 0, 1e12,
                   "pipelining chunk of tree all-reduce and broadcast (0: S/8)"),
      integer_param("root", "0", 0, 1 << 30, "broadcast root (rank within the communicator)"),
      number_param("reduce_time", dimension::time, "0s", 0, 1,
                   "reduction time per received chunk that is reduced"),
      integer_param("channels", "0", 0, 255,
                    "channels the collective is split over (0: one per port towards the "
                    "next rank)"),
      integer_param("groups", "0", 0, 1 << 30,
                    "split the step's ranks into communicators of this many consecutive ranks, "
                    "each running the collective on its own (0: one communicator)"),
  };
  return specs;
}

const std::vector<param_spec> &reliability_class_specs() {
  static const std::vector<param_spec> specs = {
      number_param("fit", dimension::none, "0", 0, 1e9,
                   "failures of one unit per 10^9 device-hours (FIT); AFR = FIT x 8766e-9"),
      number_param("mttr", dimension::time, "1h", 0, 1e8,
                   "mean time to repair one failure (detection, dispatch, replacement)"),
      number_param("flaps_per_year", dimension::none, "0", 0, 1e6,
                   "link flaps per unit per year: the link drops and retrains by itself, no "
                   "repair (counted, not taken as job interruptions)"),
      integer_param("spares", "0", 0, 1000000,
                    "units of a redundancy group that may be down at once without an outage "
                    "(N+spares); for lanes and lasers the netlist's spare_lanes / spare_lasers "
                    "add to it"),
      integer_param("group_size", "0", 0, 1000000,
                    "units per redundancy group (0: as the netlist groups them: the lanes of a "
                    "link end, the lasers of a module, each other unit alone)"),
      flag_param("interrupts_job", "true",
                 "an outage of this class interrupts a job that uses it (a restart from the "
                 "last checkpoint)"),
  };
  return specs;
}

const std::vector<param_spec> &reliability_job_specs() {
  static const std::vector<param_spec> specs = {
      integer_param("accelerators", "0", 0, 1 << 30,
                    "accelerators the job spans (0: every endpoint of the platform); it depends "
                    "on that share of every component class"),
      number_param("length", dimension::time, "54d", 1, 1e9,
                   "compute time the job needs (wall-clock without failures)",
                   "Llama 3 405B pre-training: 54 days (Meta, arXiv 2407.21783)"),
      number_param("checkpoint_interval", dimension::time, "1h", 1, 1e9,
                   "compute time between checkpoints (work since the last one is lost on a "
                   "failure)",
                   "assumption: hourly checkpoints"),
      number_param("restart", dimension::time, "10min", 0, 1e9,
                   "time from an interruption until the job computes again (detect, swap in "
                   "spare nodes, reload the checkpoint)",
                   "assumption: Crusoe AutoClusters replaces a node in under 5 min, plus reload"),
      integer_param("trials", "2000", 1, 10000000, "Monte Carlo runs of the whole job"),
      integer_param("seed", "1", 0, 4294967295L, "seed of the Monte Carlo (same seed, same runs)"),
  };
  return specs;
}

const std::vector<param_spec> &laser_module_specs() {
  static const std::vector<param_spec> specs = {
      integer_param("spare_lasers", "0", 0, 64,
                    "laser channels of the module held in reserve: it survives this many laser "
                    "failures (the rest feed the lanes)"),
  };
  return specs;
}

} // namespace fabricvp
