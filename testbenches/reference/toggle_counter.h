// The reference toggle counter: the straightforward form of testbenches/toggle_counter.h, kept as its specification.
// Per cycle it XORs every registered bus with its previous value and adds the popcount to the bus, and handles every
// gated, access and write-flip probe on its own. Same interface as the harness's counter; tests build a harness with
// this file in place of toggle_counter.h and require the results to be byte-identical (ToggleCounterEquivalenceTests).
// Never used by a generated harness.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
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

// The harness's interface to the optimised counter, which lets the harness count some probes with code of its own:
// here every probe is counted by this counter, so those registrations are the ordinary ones and the harness's own
// code is not run.
struct CountedByHarness {};
constexpr CountedByHarness counted_by_harness{};
struct PreviousValue {
    const uint64_t* chunk;
    uint32_t shift;
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

    // A bus of <width> bits starting at bit <low> of a signal (low > 0: a slice, e.g. the bits a unit really uses).
    size_t add(size_t instance, const std::string& signal, SignalClass cls, const CData& v, int width, int low = 0) {
        return add_words(w8_, &v, 1, instance, signal, cls, width, low);
    }
    size_t add(size_t instance, const std::string& signal, SignalClass cls, const SData& v, int width, int low = 0) {
        return add_words(w16_, &v, 1, instance, signal, cls, width, low);
    }
    size_t add(size_t instance, const std::string& signal, SignalClass cls, const IData& v, int width, int low = 0) {
        return add_words(w32_, &v, 1, instance, signal, cls, width, low);
    }
    size_t add(size_t instance, const std::string& signal, SignalClass cls, const QData& v, int width, int low = 0) {
        return add_words(w64_, &v, 1, instance, signal, cls, width, low);
    }
    template <std::size_t N>
    size_t add(size_t instance, const std::string& signal, SignalClass cls, const VlWide<N>& v, int width, int low = 0) {
        (void)low;  // wide buses are counted whole
        return add_words(w32_, &v.m_storage[0], N, instance, signal, cls, width);
    }

    // A counter that is not a net: the harness bumps it (DRAM bursts, cycles). Its name carries a ':' so the
    // coverage audit, which compares nets, leaves it out.
    size_t add_counter(size_t instance, const std::string& name, SignalClass cls, int width) {
        buses_.push_back(Bus{instance, name, cls, width});
        toggles_.push_back(0);
        return buses_.size() - 1;
    }
    void bump(size_t bus, uint64_t n) { toggles_[bus] += n; }

    // The toggles of a bus (width bits from bit low of v) in the cycles where bit 0 of <gate> is set: a unit's
    // toggles while its action fires. A counter (named with ':'), beside the net's own total.
    template <class T>
    size_t add_gated(size_t instance, const std::string& name, SignalClass cls, const T& v, int width, int low, const CData& gate) {
        const size_t bus = add_counter(instance, name, cls, width);
        gated_.push_back(Gated{Scalar::of(v, width, low), &gate, 0, static_cast<uint32_t>(bus)});
        return bus;
    }

    // An access port: in cycles where <enable> is set, the address bits (and, with <data>, the data bits) that differ
    // from the previous access of this port. Two counters: "<name>:address" and "<name>:data".
    template <class A>
    size_t add_access(size_t instance, const std::string& name, SignalClass cls, const CData& enable, const A& address, int address_bits) {
        const size_t bus = add_counter(instance, name + ":address", cls, address_bits);
        accesses_.push_back(Access{Scalar::of(enable, 1, 0), Scalar::of(address, address_bits, 0), Scalar{}, 0, 0,
                                   static_cast<uint32_t>(bus), 0});
        return bus;
    }
    template <class A, class D>
    size_t add_access(size_t instance, const std::string& name, SignalClass cls, const CData& enable, const A& address, int address_bits,
                      const D& data, int data_bits) {
        const size_t bus = add_counter(instance, name + ":address", cls, address_bits);
        const size_t data_bus = add_counter(instance, name + ":data", cls, data_bits);
        accesses_.push_back(Access{Scalar::of(enable, 1, 0), Scalar::of(address, address_bits, 0), Scalar::of(data, data_bits, 0), 0, 0,
                                   static_cast<uint32_t>(bus), static_cast<uint32_t>(data_bus)});
        return bus;
    }

    // A write port of an array: in cycles where <enable> is set, the stored bits the write flips (the old word at the
    // write address, read before the clock edge, against the data written). Counter "<name>".
    template <class A, class D, class E, std::size_t N>
    size_t add_write_flips(size_t instance, const std::string& name, SignalClass cls, const CData& enable, const A& address, int address_bits,
                           const D& data, int data_bits, const VlUnpacked<E, N>& array) {
        const size_t bus = add_counter(instance, name, cls, data_bits);
        flips_.push_back(Flips{Scalar::of(enable, 1, 0), Scalar::of(address, address_bits, 0), Scalar::of(data, data_bits, 0),
                               static_cast<const void*>(&array[0]), static_cast<uint8_t>(sizeof(E)), static_cast<uint64_t>(N),
                               static_cast<uint32_t>(bus)});
        return bus;
    }

    template <class... Args>
    size_t add_gated(CountedByHarness, Args&&... args) {
        return add_gated(std::forward<Args>(args)...);
    }
    template <class... Args>
    size_t add_access(CountedByHarness, Args&&... args) {
        return add_access(std::forward<Args>(args)...);
    }
    template <class... Args>
    size_t add_write_flips(CountedByHarness, Args&&... args) {
        return add_write_flips(std::forward<Args>(args)...);
    }
    template <class Extra>
    void sample(Extra&) {
        sample();
    }
    template <class T>
    PreviousValue previous_of(const T&) const {
        return PreviousValue{nullptr, 0};
    }

    // Takes the current values as the baseline and zeroes every counter: call once reset is over, so the
    // reset values are not counted as toggles.
    void arm() {
        rebase(w8_);
        rebase(w16_);
        rebase(w32_);
        rebase(w64_);
        for (auto& g : gated_) g.previous = g.value.get();
        for (auto& a : accesses_) {
            a.last_address = a.address.get();
            a.last_data = a.data.get();
        }
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
        step_ports();
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
                     SignalClass cls, int width, int low = 0) {
        const size_t bus = buses_.size();
        buses_.push_back(Bus{instance, signal, cls, width});
        toggles_.push_back(0);
        const int bits_per_word = static_cast<int>(sizeof(T) * 8);
        if (low > 0) {
            // A slice of one word: bits low .. low + width - 1.
            const T ones = width >= bits_per_word ? static_cast<T>(~T(0)) : static_cast<T>((T(1) << width) - 1);
            const T mask = static_cast<T>(ones << low);
            words.push_back(Word<T>{first, mask, static_cast<T>(first[0] & mask), static_cast<uint32_t>(bus)});
            return bus;
        }
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
        step_ports();
    }
#endif

    // A scalar signal of 1..64 bits read as uint64_t, masked to its bits (shifted down by its low bit).
    struct Scalar {
        const void* value = nullptr;
        uint8_t bytes = 0;
        uint8_t low = 0;
        uint64_t mask = 0;
        __attribute__((always_inline)) inline uint64_t get() const {
            uint64_t v = 0;
            switch (bytes) {
                case 1: v = *static_cast<const uint8_t*>(value); break;
                case 2: v = *static_cast<const uint16_t*>(value); break;
                case 4: v = *static_cast<const uint32_t*>(value); break;
                case 8: v = *static_cast<const uint64_t*>(value); break;
                default: return 0;
            }
            return (v >> low) & mask;
        }
        template <class T>
        static Scalar of(const T& v, int width, int low) {
            static_assert(sizeof(T) <= 8, "scalars of at most 64 bits");
            return Scalar{&v, static_cast<uint8_t>(sizeof(T)), static_cast<uint8_t>(low), width >= 64 ? ~0ULL : ((1ULL << width) - 1)};
        }
    };

    struct Gated {
        Scalar value;
        const CData* gate;
        uint64_t previous;
        uint32_t bus;
    };

    struct Access {
        Scalar enable;
        Scalar address;
        Scalar data;
        uint64_t last_address;
        uint64_t last_data;
        uint32_t address_bus;
        uint32_t data_bus;
    };

    struct Flips {
        Scalar enable;
        Scalar address;
        Scalar data;
        const void* array;
        uint8_t element_bytes;
        uint64_t depth;
        uint32_t bus;
    };

    static uint64_t element(const void* array, uint8_t bytes, uint64_t index) {
        switch (bytes) {
            case 1: return static_cast<const uint8_t*>(array)[index];
            case 2: return static_cast<const uint16_t*>(array)[index];
            case 4: return static_cast<const uint32_t*>(array)[index];
            case 8: return static_cast<const uint64_t*>(array)[index];
        }
        return 0;
    }

    __attribute__((always_inline)) inline void step_ports() {
        for (auto& g : gated_) {
            const uint64_t now = g.value.get();
            if (*g.gate & 1) toggles_[g.bus] += static_cast<uint64_t>(__builtin_popcountll(now ^ g.previous));
            g.previous = now;
        }
        for (auto& a : accesses_) {
            if (!a.enable.get()) continue;
            const uint64_t address = a.address.get();
            toggles_[a.address_bus] += static_cast<uint64_t>(__builtin_popcountll(address ^ a.last_address));
            a.last_address = address;
            if (a.data.bytes) {
                const uint64_t data = a.data.get();
                toggles_[a.data_bus] += static_cast<uint64_t>(__builtin_popcountll(data ^ a.last_data));
                a.last_data = data;
            }
        }
        for (auto& f : flips_) {
            if (!f.enable.get()) continue;
            const uint64_t address = f.address.get();
            if (address >= f.depth) continue;
            const uint64_t old = element(f.array, f.element_bytes, address) & f.data.mask;
            toggles_[f.bus] += static_cast<uint64_t>(__builtin_popcountll(old ^ f.data.get()));
        }
    }

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
    std::vector<Gated> gated_;
    std::vector<Access> accesses_;
    std::vector<Flips> flips_;
    bool hardware_popcount_ = false;
};

}  // namespace hwgen
