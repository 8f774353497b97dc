// Shared support for the generated Verilator harnesses: run-data reader, DRAM model and results writer.
// Formats are documented in docs/rtl.md ("Harness files"); the C# side writes run data and parses results.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace hwgen {

struct HostWrite {
    uint64_t address;
    uint64_t word;
};

struct RunData {
    uint64_t timesteps = 0;
    uint64_t cycle_limit = 0;
    // DRAM burst and row sizes in bits, for the burst and row counters ("dram_geometry BURST ROW").
    uint64_t dram_burst_bits = 512;
    uint64_t dram_row_bits = 65536;
    std::vector<uint64_t> dram;
    std::vector<HostWrite> host_writes;
    std::vector<uint64_t> counts;
};

// Reads "key value" lines: timesteps, cycle_limit, dram N (+N hex words), host N (+N "addr hexword"), counts N (+N).
inline bool read_run_data(const char* path, RunData& data, std::string& error) {
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
        } else if (k == "dram_geometry") {
            unsigned long long row = 0;
            ok = n > 0 && std::fscanf(f, "%llu", &row) == 1 && row > 0;
            data.dram_burst_bits = n;
            data.dram_row_bits = row;
        } else if (k == "cycle_limit") {
            data.cycle_limit = n;
        } else if (k == "dram") {
            data.dram.resize(n);
            for (unsigned long long i = 0; i < n && ok; ++i) {
                unsigned long long w = 0;
                ok = std::fscanf(f, "%llx", &w) == 1;
                data.dram[i] = w;
            }
        } else if (k == "host") {
            data.host_writes.resize(n);
            for (unsigned long long i = 0; i < n && ok; ++i) {
                unsigned long long a = 0, w = 0;
                ok = std::fscanf(f, "%llu %llx", &a, &w) == 2;
                data.host_writes[i] = HostWrite{a, w};
            }
        } else if (k == "counts") {
            data.counts.resize(n);
            for (unsigned long long i = 0; i < n && ok; ++i) {
                unsigned long long c = 0;
                ok = std::fscanf(f, "%llu", &c) == 1;
                data.counts[i] = c;
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

// Behavioural DRAM: one-cycle read latency, every read counted by the core's dram.read strobe.
class DramModel {
public:
    explicit DramModel(std::vector<uint64_t> words) : words_(std::move(words)) {}
    bool read(uint64_t address, uint64_t& word) const {
        if (address >= words_.size()) return false;
        word = words_[address];
        return true;
    }

private:
    std::vector<uint64_t> words_;
};

inline int64_t sign_extend(uint64_t value, int bits) {
    const uint64_t m = 1ULL << (bits - 1);
    value &= (bits >= 64) ? ~0ULL : ((1ULL << bits) - 1);
    return static_cast<int64_t>((value ^ m) - m);
}

// Controller phases in the order of the core's status_phase encoding.
static const char* const kPhaseNames[] = {"idle", "layer", "tile", "load", "integrate", "fire", "drain", "done"};

// Per-layer action counters (64-bit), output events and final states.
class Recorder {
public:
    Recorder(std::vector<std::string> actions, std::vector<uint64_t> layer_neurons)
        : actions_(std::move(actions)), counts_(layer_neurons.size(), std::vector<uint64_t>(actions_.size(), 0)),
          layer_cycles_(layer_neurons.size(), 0) {
        for (uint64_t n : layer_neurons) {
            states_.emplace_back(n, 0);
            state_seen_.emplace_back(n, false);
        }
    }

    void count(size_t layer, size_t action, uint64_t n) {
        if (layer < counts_.size()) counts_[layer][action] += n;
        if (step_ < steps_ && layer < counts_.size()) step_counts_[layer * steps_ + step_][action] += n;
    }
    // Per-timestep counts: <steps> timesteps per layer; set_step(t) before a cycle's counts (t >= steps: none).
    void set_steps(size_t steps) {
        steps_ = steps;
        step_counts_.assign(counts_.size() * steps, std::vector<uint64_t>(actions_.size(), 0));
    }
    void set_step(size_t step) { step_ = step; }
    void cycle(size_t layer, size_t phase) {
        if (layer < layer_cycles_.size()) ++layer_cycles_[layer];
        if (phase < phase_cycles_.size()) ++phase_cycles_[phase];
        ++cycles_;
        // A progress line every 2^20 cycles (stderr is unbuffered): hwgen shows it while long runs work.
        if ((cycles_ & ((1ULL << 20) - 1)) == 0)
            std::fprintf(stderr, "hwgen-progress %zu %llu\n", layer, static_cast<unsigned long long>(cycles_));
    }
    void event(size_t layer, uint64_t timestep, uint64_t address, uint64_t value) {
        events_.push_back({layer, timestep, address, value});
    }
    void state(size_t layer, uint64_t address, int64_t value) {
        if (layer < states_.size() && address < states_[layer].size()) {
            states_[layer][address] = value;
            state_seen_[layer][address] = true;
        } else {
            ++bad_state_addresses_;
        }
    }
    uint64_t cycles() const { return cycles_; }

    // <extra> writes further sections (toggle counts) before the closing "end".
    // <cpu_seconds>: the processor time of the same loop (written when not negative).
    bool write(const char* path, bool finished, double wall_seconds, const std::string& failure,
               const std::function<void(FILE*)>& extra = nullptr, double cpu_seconds = -1.0) const {
        FILE* f = std::fopen(path, "w");
        if (!f) return false;
        std::fprintf(f, "hwgen-rtl-results 1\n");
        std::fprintf(f, "finished %d\n", finished ? 1 : 0);
        if (!failure.empty()) std::fprintf(f, "failure %s\n", failure.c_str());
        std::fprintf(f, "cycles %llu\n", static_cast<unsigned long long>(cycles_));
        std::fprintf(f, "wall_seconds %.6f\n", wall_seconds);
        if (cpu_seconds >= 0) std::fprintf(f, "cpu_seconds %.6f\n", cpu_seconds);
        std::fprintf(f, "bad_state_addresses %llu\n", static_cast<unsigned long long>(bad_state_addresses_));
        for (size_t l = 0; l < layer_cycles_.size(); ++l)
            std::fprintf(f, "layer_cycles %zu %llu\n", l, static_cast<unsigned long long>(layer_cycles_[l]));
        for (size_t p = 0; p < phase_cycles_.size(); ++p)
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
        for (const auto& e : events_)
            std::fprintf(f, "event %zu %llu %llu %llu\n", e.layer, static_cast<unsigned long long>(e.timestep),
                         static_cast<unsigned long long>(e.address), static_cast<unsigned long long>(e.value));
        for (size_t l = 0; l < states_.size(); ++l)
            for (size_t n = 0; n < states_[l].size(); ++n) {
                if (state_seen_[l][n]) std::fprintf(f, "state %zu %zu %lld\n", l, n, static_cast<long long>(states_[l][n]));
                else std::fprintf(f, "state %zu %zu unset\n", l, n);
            }
        if (extra) extra(f);
        std::fprintf(f, "end\n");
        return std::fclose(f) == 0;
    }

private:
    struct Event {
        size_t layer;
        uint64_t timestep;
        uint64_t address;
        uint64_t value;
    };
    std::vector<std::string> actions_;
    std::vector<std::vector<uint64_t>> counts_;
    std::vector<uint64_t> layer_cycles_;
    std::vector<uint64_t> phase_cycles_ = std::vector<uint64_t>(8, 0);
    std::vector<std::vector<int64_t>> states_;
    std::vector<std::vector<bool>> state_seen_;
    std::vector<Event> events_;
    uint64_t cycles_ = 0;
    size_t steps_ = 0;
    size_t step_ = 0;
    std::vector<std::vector<uint64_t>> step_counts_;
    uint64_t bad_state_addresses_ = 0;
};

}  // namespace hwgen
