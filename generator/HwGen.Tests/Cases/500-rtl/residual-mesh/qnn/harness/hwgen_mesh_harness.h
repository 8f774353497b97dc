// Support for the generated harness of a multi-core (mesh) design: run-data reader, per-layer action counters that
// every core adds to at its own layer and timestep, NoC counters per layer and router port, and the results writer.
// Formats: docs/rtl.md ("Harness files"); the results file is the classical one plus noc_* lines.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace hwgen_mesh {

struct ConfigRow {
    uint64_t core;
    uint64_t address;
    std::vector<uint64_t> lanes;  // one weight per lane, two's complement in the weight width
};

struct HostWrite {
    uint64_t core;
    uint64_t address;
    uint64_t word;
};

struct HostCount {
    uint64_t core;
    uint64_t count_index;
    uint64_t mark_index;
    uint64_t value;
};

struct RunData {
    uint64_t timesteps = 0;
    uint64_t cycle_limit = 0;
    std::vector<ConfigRow> config;
    std::vector<HostWrite> host_writes;
    std::vector<HostCount> counts;
};

// Reads "key N" sections: timesteps, cycle_limit, config N (+N "core addr v0 .. v(lanes-1)" hex), host N (+N "core addr
// hexword"), counts N (+N "core count_index mark_index value").
inline bool read_run_data(const char* path, size_t lanes, RunData& data, std::string& error) {
    FILE* f = std::fopen(path, "r");
    if (!f) {
        error = std::string("cannot open run data ") + path;
        return false;
    }
    char key[64];
    char magic[64];
    int version = 0;
    if (std::fscanf(f, "%63s %d", magic, &version) != 2 || std::strcmp(magic, "hwgen-rtl-data") != 0 || version != 1) {
        error = "run data: expected header 'hwgen-rtl-data 1'";
        std::fclose(f);
        return false;
    }
    bool ok = true;
    while (ok && std::fscanf(f, "%63s", key) == 1) {
        std::string k(key);
        unsigned long long n = 0;
        if (k == "end") break;
        if (std::fscanf(f, "%llu", &n) != 1) { ok = false; break; }
        if (k == "timesteps") {
            data.timesteps = n;
        } else if (k == "cycle_limit") {
            data.cycle_limit = n;
        } else if (k == "config") {
            data.config.resize(n);
            for (unsigned long long i = 0; i < n && ok; ++i) {
                unsigned long long c = 0, a = 0;
                ok = std::fscanf(f, "%llu %llu", &c, &a) == 2;
                data.config[i].core = c;
                data.config[i].address = a;
                data.config[i].lanes.resize(lanes);
                for (size_t l = 0; l < lanes && ok; ++l) {
                    unsigned long long v = 0;
                    ok = std::fscanf(f, "%llx", &v) == 1;
                    data.config[i].lanes[l] = v;
                }
            }
        } else if (k == "host") {
            data.host_writes.resize(n);
            for (unsigned long long i = 0; i < n && ok; ++i) {
                unsigned long long c = 0, a = 0, w = 0;
                ok = std::fscanf(f, "%llu %llu %llx", &c, &a, &w) == 3;
                data.host_writes[i] = HostWrite{c, a, w};
            }
        } else if (k == "counts") {
            data.counts.resize(n);
            for (unsigned long long i = 0; i < n && ok; ++i) {
                unsigned long long c = 0, ci = 0, mi = 0, v = 0;
                ok = std::fscanf(f, "%llu %llu %llu %llu", &c, &ci, &mi, &v) == 4;
                data.counts[i] = HostCount{c, ci, mi, v};
            }
        } else {
            error = "run data: unknown key '" + k + "'";
            std::fclose(f);
            return false;
        }
    }
    std::fclose(f);
    if (!ok) error = "run data: truncated or malformed";
    return ok;
}

inline int64_t sign_extend(uint64_t value, int bits) {
    const uint64_t m = 1ULL << (bits - 1);
    value &= (bits >= 64) ? ~0ULL : ((1ULL << bits) - 1);
    return static_cast<int64_t>((value ^ m) - m);
}

// The mesh core's status_phase encoding.
static const char* const kPhaseNames[] = {"idle", "wait", "clear", "unused", "integrate", "fire", "unused", "done"};

// Names of the per-layer NoC counters, in the order of NocCounter.
static const char* const kNocCountNames[] = {"sparse_flits", "dense_flits", "markers", "flit_hops", "router_traversals", "sparse_bit_hops", "dense_bit_hops"};
enum NocCounter { kSparseFlits = 0, kDenseFlits, kMarkers, kFlitHops, kRouterTraversals, kSparseBitHops, kDenseBitHops, kNocCounters };

class Recorder {
public:
    Recorder(std::vector<std::string> actions, std::vector<uint64_t> layer_neurons, size_t steps, size_t ports)
        : actions_(std::move(actions)), steps_(steps), counts_(layer_neurons.size(), std::vector<uint64_t>(actions_.size(), 0)),
          step_counts_(layer_neurons.size() * steps, std::vector<uint64_t>(actions_.size(), 0)), layer_cycles_(layer_neurons.size(), 0),
          noc_(layer_neurons.size(), std::vector<uint64_t>(kNocCounters, 0)), port_flits_(ports, 0), port_bits_(ports, 0),
          layer_toggles_(layer_neurons.size()), link_toggles_(layer_neurons.size(), std::vector<uint64_t>(2, 0)) {
        for (uint64_t n : layer_neurons) {
            states_.emplace_back(n, 0);
            state_seen_.emplace_back(n, false);
        }
    }

    // step >= steps: counted towards the layer only.
    void count(size_t layer, size_t step, size_t action, uint64_t n) {
        if (layer >= counts_.size() || n == 0) return;
        counts_[layer][action] += n;
        if (step < steps_) step_counts_[layer * steps_ + step][action] += n;
    }
    void noc(size_t layer, NocCounter counter, uint64_t n) {
        if (layer < noc_.size()) noc_[layer][counter] += n;
    }
    void port(size_t index, uint64_t bits) {
        ++port_flits_[index];
        port_bits_[index] += bits;
    }
    void stall() { ++stall_cycles_; }
    // A core-cycle in a phase, on a layer (core-cycles: the cores run concurrently).
    void core_cycle(size_t layer, size_t phase) {
        if (layer < layer_cycles_.size() && phase != 0 && phase != 7) ++layer_cycles_[layer];
        if (phase < phase_cycles_.size()) ++phase_cycles_[phase];
    }
    void cycle(size_t layer) {
        ++cycles_;
        if ((cycles_ & ((1ULL << 20) - 1)) == 0)
            std::fprintf(stderr, "hwgen-progress %zu %llu\n", layer, static_cast<unsigned long long>(cycles_));
    }
    void event(size_t layer, uint64_t timestep, size_t core, uint64_t address, uint64_t value) {
        events_[std::make_tuple(layer, timestep, core)].emplace_back(address, value);
    }
    void state(size_t layer, uint64_t address, int64_t value) {
        if (layer < states_.size() && address < states_[layer].size()) {
            states_[layer][address] = value;
            state_seen_[layer][address] = true;
        } else {
            ++bad_state_addresses_;
        }
    }
    // Toggles of one link bus attributed to a layer (the layer of the flit that changed it).
    void toggles(size_t layer, size_t bus, uint64_t n) {
        if (layer >= layer_toggles_.size()) return;
        if (layer_toggles_[layer].size() <= bus) layer_toggles_[layer].resize(bus + 1, 0);
        layer_toggles_[layer][bus] += n;
    }
    // Toggles of the inter-router links by the flits of a layer, by class (dense words, or sparse events and markers).
    void link_toggles(size_t layer, bool dense, uint64_t n) {
        if (layer < link_toggles_.size()) link_toggles_[layer][dense ? 1 : 0] += n;
    }
    uint64_t cycles() const { return cycles_; }

    // <slice_cores>[layer] lists the cores of the layer's slices in slice order: events leave in that order (ascending address).
    bool write(const char* path, bool finished, double wall_seconds, const std::string& failure, const std::vector<std::vector<size_t>>& slice_cores,
               const std::vector<std::string>& port_names, const std::vector<std::string>& bus_lines_prefix, const std::vector<uint64_t>& bus_totals) const {
        FILE* f = std::fopen(path, "w");
        if (!f) return false;
        std::fprintf(f, "hwgen-rtl-results 1\n");
        std::fprintf(f, "finished %d\n", finished ? 1 : 0);
        if (!failure.empty()) std::fprintf(f, "failure %s\n", failure.c_str());
        std::fprintf(f, "cycles %llu\n", static_cast<unsigned long long>(cycles_));
        std::fprintf(f, "wall_seconds %.6f\n", wall_seconds);
        std::fprintf(f, "bad_state_addresses %llu\n", static_cast<unsigned long long>(bad_state_addresses_));
        for (size_t l = 0; l < layer_cycles_.size(); ++l)
            std::fprintf(f, "layer_cycles %zu %llu\n", l, static_cast<unsigned long long>(layer_cycles_[l]));
        for (size_t p = 0; p < phase_cycles_.size(); ++p)
            if (std::strcmp(kPhaseNames[p], "unused") != 0)
                std::fprintf(f, "phase_cycles %s %llu\n", kPhaseNames[p], static_cast<unsigned long long>(phase_cycles_[p]));
        for (size_t l = 0; l < counts_.size(); ++l)
            for (size_t a = 0; a < actions_.size(); ++a)
                std::fprintf(f, "count %zu %s %llu\n", l, actions_[a].c_str(), static_cast<unsigned long long>(counts_[l][a]));
        for (size_t l = 0; l < counts_.size(); ++l)
            for (size_t t = 0; t < steps_; ++t)
                for (size_t a = 0; a < actions_.size(); ++a)
                    if (step_counts_[l * steps_ + t][a] != 0)
                        std::fprintf(f, "count_step %zu %zu %s %llu\n", l, t, actions_[a].c_str(),
                                     static_cast<unsigned long long>(step_counts_[l * steps_ + t][a]));
        for (size_t l = 0; l < slice_cores.size(); ++l)
            for (size_t t = 0; t < steps_; ++t) {
                size_t previous = static_cast<size_t>(-1);
                for (size_t c : slice_cores[l]) {
                    if (c == previous) continue;  // several slices of a layer on one core: its events are already in order
                    previous = c;
                    auto it = events_.find(std::make_tuple(l, static_cast<uint64_t>(t), c));
                    if (it == events_.end()) continue;
                    for (const auto& e : it->second)
                        std::fprintf(f, "event %zu %zu %llu %llu\n", l, t, static_cast<unsigned long long>(e.first),
                                     static_cast<unsigned long long>(e.second));
                }
            }
        for (size_t l = 0; l < states_.size(); ++l)
            for (size_t n = 0; n < states_[l].size(); ++n) {
                if (state_seen_[l][n]) std::fprintf(f, "state %zu %zu %lld\n", l, n, static_cast<long long>(states_[l][n]));
                else std::fprintf(f, "state %zu %zu unset\n", l, n);
            }
        for (size_t b = 0; b < bus_totals.size(); ++b)
            std::fprintf(f, "toggle %s %llu\n", bus_lines_prefix[b].c_str(), static_cast<unsigned long long>(bus_totals[b]));
        for (size_t l = 0; l < layer_toggles_.size(); ++l)
            for (size_t b = 0; b < bus_totals.size(); ++b)
                std::fprintf(f, "toggle_layer %zu %s %llu\n", l, bus_lines_prefix[b].c_str(),
                             static_cast<unsigned long long>(b < layer_toggles_[l].size() ? layer_toggles_[l][b] : 0));
        for (size_t l = 0; l < noc_.size(); ++l)
            for (size_t k = 0; k < kNocCounters; ++k)
                std::fprintf(f, "noc_count %zu %s %llu\n", l, kNocCountNames[k], static_cast<unsigned long long>(noc_[l][k]));
        for (size_t p = 0; p < port_flits_.size(); ++p)
            if (port_flits_[p] != 0)
                std::fprintf(f, "noc_port %s %llu %llu\n", port_names[p].c_str(), static_cast<unsigned long long>(port_flits_[p]),
                             static_cast<unsigned long long>(port_bits_[p]));
        for (size_t l = 0; l < link_toggles_.size(); ++l)
            std::fprintf(f, "noc_link_toggles %zu %llu %llu\n", l, static_cast<unsigned long long>(link_toggles_[l][0]),
                         static_cast<unsigned long long>(link_toggles_[l][1]));
        std::fprintf(f, "noc_stall_cycles %llu\n", static_cast<unsigned long long>(stall_cycles_));
        std::fprintf(f, "end\n");
        return std::fclose(f) == 0;
    }

private:
    std::vector<std::string> actions_;
    size_t steps_;
    std::vector<std::vector<uint64_t>> counts_;
    std::vector<std::vector<uint64_t>> step_counts_;
    std::vector<uint64_t> layer_cycles_;
    std::vector<uint64_t> phase_cycles_ = std::vector<uint64_t>(8, 0);
    std::vector<std::vector<uint64_t>> noc_;
    std::vector<uint64_t> port_flits_;
    std::vector<uint64_t> port_bits_;
    std::vector<std::vector<uint64_t>> layer_toggles_;
    std::vector<std::vector<uint64_t>> link_toggles_;
    std::vector<std::vector<int64_t>> states_;
    std::vector<std::vector<bool>> state_seen_;
    std::map<std::tuple<size_t, uint64_t, size_t>, std::vector<std::pair<uint64_t, uint64_t>>> events_;
    uint64_t cycles_ = 0;
    uint64_t stall_cycles_ = 0;
    uint64_t bad_state_addresses_ = 0;
};

// The 32-bit words of a Verilator signal (any width).
template <class T>
inline void words_of(const T& v, uint32_t* out, size_t n) {
    const uint64_t x = static_cast<uint64_t>(v);
    out[0] = static_cast<uint32_t>(x);
    if (n > 1) out[1] = static_cast<uint32_t>(x >> 32);
}
template <std::size_t N>
inline void words_of(const VlWide<N>& v, uint32_t* out, size_t n) {
    for (size_t i = 0; i < n && i < N; ++i) out[i] = v[i];
}

// One observed link bus: its last value, so each new flit's bit changes can be counted.
struct LinkBus {
    std::vector<uint32_t> last;
    std::vector<uint32_t> now;
    explicit LinkBus(size_t words) : last(words, 0), now(words, 0) {}
    template <class T>
    uint64_t update(const T& v) {
        words_of(v, now.data(), now.size());
        uint64_t toggles = 0;
        for (size_t i = 0; i < now.size(); ++i) {
            toggles += static_cast<uint64_t>(__builtin_popcount(now[i] ^ last[i]));
            last[i] = now[i];
        }
        return toggles;
    }
    uint64_t field(int low, int bits) const {
        const uint64_t w = static_cast<uint64_t>(now[0]) | (now.size() > 1 ? static_cast<uint64_t>(now[1]) << 32 : 0);
        return (w >> low) & ((1ULL << bits) - 1);
    }
};

}  // namespace hwgen_mesh
