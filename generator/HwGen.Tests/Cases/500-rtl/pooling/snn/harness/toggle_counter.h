// Bit-toggle counting for Verilator harnesses: per cycle, XOR each chosen bus with its previous value and popcount.
// Counts are 64-bit, per bus, summed per instance and per signal class on demand (docs/measurement.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "verilated.h"

// On x86, __builtin_popcountll is a library call unless the compiler may use the POPCNT instruction; the harness is
// built for any x86-64, so the counting loop gets a POPCNT version chosen at run time when the CPU has it.
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define HWGEN_POPCNT_DISPATCH 1
#endif

namespace hwgen {

// The signal classes a bus is priced by; the names are the ones written to results files.
enum class SignalClass : uint8_t { Register = 0, Arithmetic = 1, MemoryPort = 2, Queue = 3, NocLink = 4 };
constexpr size_t kSignalClassCount = 5;

inline const char* signal_class_name(SignalClass c) {
    switch (c) {
        case SignalClass::Register: return "register";
        case SignalClass::Arithmetic: return "arithmetic";
        case SignalClass::MemoryPort: return "memory_port";
        case SignalClass::Queue: return "queue";
        case SignalClass::NocLink: return "noc_link";
    }
    return "unknown";
}

// Per-bus toggle totals at one moment; the difference of two snapshots is the activity of a window
// (a layer, a timestep).
struct ToggleSnapshot {
    std::vector<uint64_t> bus;
};

class ToggleCounter {
public:
    struct Bus {
        size_t instance;
        std::string signal;
        SignalClass cls;
        int width;
    };

    // Instances are named by their hierarchy as coverage.dat writes it (e.g. TOP.bench.u_acc).
    size_t add_instance(const std::string& hierarchy) {
        instances_.push_back(hierarchy);
        return instances_.size() - 1;
    }

    size_t add(size_t instance, const std::string& signal, SignalClass cls, const CData& v, int width) {
        return add_words(w8_, &v, 1, instance, signal, cls, width);
    }
    size_t add(size_t instance, const std::string& signal, SignalClass cls, const SData& v, int width) {
        return add_words(w16_, &v, 1, instance, signal, cls, width);
    }
    size_t add(size_t instance, const std::string& signal, SignalClass cls, const IData& v, int width) {
        return add_words(w32_, &v, 1, instance, signal, cls, width);
    }
    size_t add(size_t instance, const std::string& signal, SignalClass cls, const QData& v, int width) {
        return add_words(w64_, &v, 1, instance, signal, cls, width);
    }
    template <std::size_t N>
    size_t add(size_t instance, const std::string& signal, SignalClass cls, const VlWide<N>& v, int width) {
        return add_words(w32_, &v.m_storage[0], N, instance, signal, cls, width);
    }

    // Takes the current values as the baseline and zeroes every counter: call once reset is over, so the
    // reset values are not counted as toggles.
    void arm() {
        rebase(w8_);
        rebase(w16_);
        rebase(w32_);
        rebase(w64_);
        for (auto& t : toggles_) t = 0;
    }

    ToggleCounter() {
#ifdef HWGEN_POPCNT_DISPATCH
        __builtin_cpu_init();
        hardware_popcount_ = __builtin_cpu_supports("popcnt") != 0;
#endif
    }

    // One call per simulated cycle, at the same point of the cycle every time.
    void sample() {
#ifdef HWGEN_POPCNT_DISPATCH
        if (hardware_popcount_) {
            sample_popcnt();
            return;
        }
#endif
        step(w8_);
        step(w16_);
        step(w32_);
        step(w64_);
    }

    ToggleSnapshot snapshot() const { return ToggleSnapshot{toggles_}; }

    // Toggles of every bus since <since> (a window).
    std::vector<uint64_t> delta(const ToggleSnapshot& since) const {
        std::vector<uint64_t> d(toggles_.size());
        for (size_t i = 0; i < toggles_.size(); ++i) d[i] = toggles_[i] - since.bus[i];
        return d;
    }

    uint64_t bus_toggles(size_t bus) const { return toggles_[bus]; }
    const std::vector<Bus>& buses() const { return buses_; }
    const std::vector<std::string>& instances() const { return instances_; }

    uint64_t class_toggles(SignalClass cls) const {
        uint64_t sum = 0;
        for (size_t i = 0; i < buses_.size(); ++i)
            if (buses_[i].cls == cls) sum += toggles_[i];
        return sum;
    }

    uint64_t instance_class_toggles(size_t instance, SignalClass cls) const {
        uint64_t sum = 0;
        for (size_t i = 0; i < buses_.size(); ++i)
            if (buses_[i].instance == instance && buses_[i].cls == cls) sum += toggles_[i];
        return sum;
    }

    // Lines "<prefix> <instance> <signal> <class> <width> <toggles>", one per bus, in registration order.
    void write(FILE* f, const char* prefix) const { write_counts(f, prefix, toggles_); }

    void write_counts(FILE* f, const char* prefix, const std::vector<uint64_t>& counts) const {
        for (size_t i = 0; i < buses_.size(); ++i)
            std::fprintf(f, "%s %s %s %s %d %llu\n", prefix, instances_[buses_[i].instance].c_str(), buses_[i].signal.c_str(),
                         signal_class_name(buses_[i].cls), buses_[i].width, static_cast<unsigned long long>(counts[i]));
    }

private:
    template <class T>
    struct Word {
        const T* value;
        T mask;
        T previous;
        uint32_t bus;
    };

    template <class T>
    size_t add_words(std::vector<Word<T>>& words, const T* first, size_t count, size_t instance, const std::string& signal,
                     SignalClass cls, int width) {
        const size_t bus = buses_.size();
        buses_.push_back(Bus{instance, signal, cls, width});
        toggles_.push_back(0);
        const int bits_per_word = static_cast<int>(sizeof(T) * 8);
        for (size_t w = 0; w < count; ++w) {
            const int remaining = width - static_cast<int>(w) * bits_per_word;
            // Bits above the declared width are never counted, whatever the storage holds there.
            const T mask = remaining >= bits_per_word ? static_cast<T>(~T(0)) : static_cast<T>((T(1) << remaining) - 1);
            words.push_back(Word<T>{first + w, mask, static_cast<T>(first[w] & mask), static_cast<uint32_t>(bus)});
        }
        return bus;
    }

    template <class T>
    static void rebase(std::vector<Word<T>>& words) {
        for (auto& w : words) w.previous = static_cast<T>(*w.value & w.mask);
    }

#ifdef HWGEN_POPCNT_DISPATCH
    __attribute__((target("popcnt"))) void sample_popcnt() {
        step(w8_);
        step(w16_);
        step(w32_);
        step(w64_);
    }
#endif

    // Always inlined, so the popcount is compiled for the caller's target (POPCNT or not).
    template <class T>
    __attribute__((always_inline)) inline void step(std::vector<Word<T>>& words) {
        for (auto& w : words) {
            const T now = static_cast<T>(*w.value & w.mask);
            toggles_[w.bus] += static_cast<uint64_t>(__builtin_popcountll(static_cast<unsigned long long>(now ^ w.previous)));
            w.previous = now;
        }
    }

    std::vector<std::string> instances_;
    std::vector<Bus> buses_;
    std::vector<uint64_t> toggles_;
    std::vector<Word<uint8_t>> w8_;
    std::vector<Word<uint16_t>> w16_;
    std::vector<Word<uint32_t>> w32_;
    std::vector<Word<uint64_t>> w64_;
    bool hardware_popcount_ = false;
};

}  // namespace hwgen
