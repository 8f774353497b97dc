// Bit-toggle counting for Verilator harnesses: per cycle, XOR each chosen bus with its previous value and popcount.
// Counts are 64-bit, per bus, summed per instance and per signal class on demand (docs/measurement.md).
//
// The counts are those of the bus-by-bus form kept in testbenches/reference/toggle_counter.h
// (ToggleCounterEquivalenceTests builds harnesses with either and compares whole results files). How the per-cycle
// pass gets there with less work (docs/performance.md, "Measured energy"):
// - Words: every counted word lies in one aligned 8-byte chunk of the model's root object; a chunk's mask holds the
//   counted bits of all the words in it (several one-bit registers side by side, say). Chunks are taken in address
//   order, four at a time (a group: one 32-byte load), eight where the CPU has AVX-512 (one 64-byte load). A group
//   whose counted bits did not change costs a load, an XOR, an AND and a test. The changed bits of a changed group
//   are not split into buses every cycle: they are added, bit by bit, to counts held in bit planes, which go to the
//   buses every 255 samples (252 with AVX-512) and whenever counts are read. With AVX-512 a sample adds to three
//   low planes only, drained into the eight every 7 samples (fewer plane updates per changed group).
// - Gated probes, access ports and array write ports registered with counted_by_harness are counted by code the
//   harness generates for its own nets (member offsets and masks known to the compiler); sample(extra) runs it
//   first, and a gated probe reads its net's previous value where the counter keeps it (previous_of).
//   The others are counted here: gated probes only in cycles where their gate is set, ports only in cycles with
//   their enable set, an array's write flips together with its write port's access.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "verilated.h"

// On x86, __builtin_popcountll is a library call unless the compiler may use the POPCNT instruction; the harness is
// built for any x86-64, so the counting pass is compiled three times (plain, POPCNT, AVX2 with POPCNT) and the
// version the CPU supports is chosen at run time.
#if defined(__GNUC__) && defined(__x86_64__)
#define HWGEN_X86_DISPATCH 1
#include <immintrin.h>
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

// The tag of a probe the harness counts with code of its own (the counter only holds its counters).
struct CountedByHarness {};
constexpr CountedByHarness counted_by_harness{};

// Where the counter keeps a net's value at the last sample: the 8-byte chunk word that holds it, and the shift of the
// net's bits in it (previous_of; the counted bits are exact between samples).
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
    // Every probe is registered before arm().
    size_t add(size_t instance, const std::string& signal, SignalClass cls, const CData& v, int width, int low = 0) {
        return add_words(&v, 1, instance, signal, cls, width, low);
    }
    size_t add(size_t instance, const std::string& signal, SignalClass cls, const SData& v, int width, int low = 0) {
        return add_words(&v, 1, instance, signal, cls, width, low);
    }
    size_t add(size_t instance, const std::string& signal, SignalClass cls, const IData& v, int width, int low = 0) {
        return add_words(&v, 1, instance, signal, cls, width, low);
    }
    size_t add(size_t instance, const std::string& signal, SignalClass cls, const QData& v, int width, int low = 0) {
        return add_words(&v, 1, instance, signal, cls, width, low);
    }
    template <std::size_t N>
    size_t add(size_t instance, const std::string& signal, SignalClass cls, const VlWide<N>& v, int width, int low = 0) {
        (void)low;  // wide buses are counted whole
        return add_words(&v.m_storage[0], N, instance, signal, cls, width);
    }

    // A counter that is not a net: the harness bumps it (DRAM bursts, cycles). Its name carries a ':' so the
    // coverage audit, which compares nets, leaves it out.
    size_t add_counter(size_t instance, const std::string& name, SignalClass cls, int width) {
        registering();
        buses_.push_back(Bus{instance, name, cls, width});
        toggles_.push_back(0);
        return buses_.size() - 1;
    }
    void bump(size_t bus, uint64_t n) { toggles_[bus] += n; }

    // The toggles of a bus (width bits from bit low of v) in the cycles where bit 0 of <gate> is set: a unit's
    // toggles while its action fires. A counter (named with ':'), beside the net's own total.
    template <class T>
    size_t add_gated(size_t instance, const std::string& name, SignalClass cls, const T& v, int width, int low, const CData& gate) {
        static_assert(sizeof(T) <= 8, "gated buses of at most 64 bits");
        const size_t bus = add_counter(instance, name, cls, width);
        gated_words_.push_back(Word{reinterpret_cast<const unsigned char*>(&v), sizeof(T), slice_bits(width, low, sizeof(T)), static_cast<uint32_t>(bus), &gate});
        return bus;
    }

    // An access port: in cycles where <enable> is set, the address bits (and, with <data>, the data bits) that differ
    // from the previous access of this port. Two counters: "<name>:address" and "<name>:data" (the next bus).
    template <class A>
    size_t add_access(size_t instance, const std::string& name, SignalClass cls, const CData& enable, const A& address, int address_bits) {
        const size_t bus = add_counter(instance, name + ":address", cls, address_bits);
        const Field a = Field::of(address, address_bits);
        // No data: a field of no bits (always 0) whose zero toggles go to the address counter.
        ports_.push_back(Port{&enable, a, Field{a.chunk, 0, 0}, 0, 0, static_cast<uint32_t>(bus), static_cast<uint32_t>(bus)});
        return bus;
    }
    template <class A, class D>
    size_t add_access(size_t instance, const std::string& name, SignalClass cls, const CData& enable, const A& address, int address_bits,
                      const D& data, int data_bits) {
        const size_t bus = add_counter(instance, name + ":address", cls, address_bits);
        const size_t data_bus = add_counter(instance, name + ":data", cls, data_bits);
        ports_.push_back(Port{&enable, Field::of(address, address_bits), Field::of(data, data_bits), 0, 0, static_cast<uint32_t>(bus),
                              static_cast<uint32_t>(data_bus)});
        return bus;
    }

    // A write port of an array: in cycles where <enable> is set, the stored bits the write flips (the old word at the
    // write address, read before the clock edge, against the data written). Counter "<name>".
    template <class A, class D, class E, std::size_t N>
    size_t add_write_flips(size_t instance, const std::string& name, SignalClass cls, const CData& enable, const A& address, int address_bits,
                           const D& data, int data_bits, const VlUnpacked<E, N>& array) {
        static_assert(sizeof(E) == 1 || sizeof(E) == 2 || sizeof(E) == 4 || sizeof(E) == 8, "array words of 1, 2, 4 or 8 bytes");
        const size_t bus = add_counter(instance, name, cls, data_bits);
        Port p{&enable, Field::of(address, address_bits), Field::of(data, data_bits), 0, 0, 0, 0};
        p.array = reinterpret_cast<const unsigned char*>(&array[0]);
        p.depth = static_cast<uint64_t>(N);
        p.element_bytes = static_cast<uint32_t>(sizeof(E));
        p.flips_bus = static_cast<uint32_t>(bus);
        // The bits of E, further limited to the data bits (what is compared with the data written).
        p.element_mask = (sizeof(E) >= 8 ? ~0ULL : ((1ULL << (8 * sizeof(E))) - 1)) & p.data.mask;
        flips_.push_back(p);
        return bus;
    }

    // The same probes counted by the harness's own code (sample(extra)): only their counters are registered here, in
    // the same order and with the same names, so the bus indices are the same as the forms above return.
    template <class T>
    size_t add_gated(CountedByHarness, size_t instance, const std::string& name, SignalClass cls, const T& v, int width, int low, const CData&) {
        static_assert(sizeof(T) <= 8, "gated buses of at most 64 bits");
        // The counter keeps the net's previous value for the harness (previous_of).
        watched_words_.push_back(Word{reinterpret_cast<const unsigned char*>(&v), sizeof(T), slice_bits(width, low, sizeof(T)), 0, nullptr});
        return add_counter(instance, name, cls, width);
    }

    // After arm(): where the value <v> had at the last sample is kept (a gated probe's net registered with
    // counted_by_harness). Read it in sample(extra)'s step, which runs before the counter updates its values.
    template <class T>
    PreviousValue previous_of(const T& v) const {
        const unsigned char* address = reinterpret_cast<const unsigned char*>(&v);
        const auto at = std::lower_bound(chunk_places_.begin(), chunk_places_.end(), chunk_of(address),
                                         [](const ChunkPlace& p, const unsigned char* c) { return p.chunk < c; });
        if (at == chunk_places_.end() || at->chunk != chunk_of(address)) {
            std::fprintf(stderr, "toggle_counter: previous_of a net the counter does not keep\n");
            std::abort();
        }
        return PreviousValue{&groups_[at->group].previous[at->slot], shift_in_chunk(address, sizeof(T))};
    }
    template <class A>
    size_t add_access(CountedByHarness, size_t instance, const std::string& name, SignalClass cls, const CData&, const A&, int address_bits) {
        return add_counter(instance, name + ":address", cls, address_bits);
    }
    template <class A, class D>
    size_t add_access(CountedByHarness, size_t instance, const std::string& name, SignalClass cls, const CData&, const A&, int address_bits, const D&,
                      int data_bits) {
        const size_t bus = add_counter(instance, name + ":address", cls, address_bits);
        add_counter(instance, name + ":data", cls, data_bits);
        return bus;
    }
    template <class A, class D, class E, std::size_t N>
    size_t add_write_flips(CountedByHarness, size_t instance, const std::string& name, SignalClass cls, const CData&, const A&, int, const D&,
                           int data_bits, const VlUnpacked<E, N>&) {
        return add_counter(instance, name, cls, data_bits);
    }

    // Takes the current values as the baseline and zeroes every counter: call once reset is over, so the
    // reset values are not counted as toggles.
    void arm() {
        if (!built_) build();
        for (auto& g : groups_)
            for (int l = 0; l < kSlots; ++l) g.previous[l] = load(g.address[l]);
        for (auto* ports : {&addresses_, &reads_, &writes_}) {
            for (auto& p : *ports) {
                p.last_address = p.address.get();
                p.last_data = p.data.get();
            }
        }
        for (auto& t : toggles_) t = 0;
        planes_.assign(groups_.size() * kPlanes, Plane{});
        low_.assign(groups_.size() * kLow, Plane{});
        undrained_ = 0;
        unflushed_ = 0;
    }

    ToggleCounter() {
#ifdef HWGEN_X86_DISPATCH
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("popcnt")) {
            isa_ = Isa::Avx512;
        } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt")) {
            isa_ = Isa::Avx2;
        } else if (__builtin_cpu_supports("popcnt")) {
            isa_ = Isa::Popcnt;
        }
#ifdef HWGEN_TOGGLE_MAX_ISA
        // At most this version (0 plain, 1 POPCNT, 2 AVX2, 3 AVX-512): to check the others on one machine.
        isa_ = static_cast<Isa>(std::min<int>(static_cast<int>(isa_), HWGEN_TOGGLE_MAX_ISA));
#endif
        if (isa_ == Isa::Avx512) slots_ = kSlots;
#endif
    }

    // One call per simulated cycle, at the same point of the cycle every time (after arm()).
    void sample() {
        NoExtra none;
        sample(none);
    }

    // The same, and the harness's own counting code: <extra>.step(counts) adds to the counters of the probes it
    // registered with counted_by_harness.
    template <class Extra>
    void sample(Extra& extra) {
#ifdef HWGEN_X86_DISPATCH
        if (isa_ == Isa::Avx512) {
            sample_avx512(extra);
            return;
        }
        if (isa_ == Isa::Avx2) {
            sample_avx2(extra);
            return;
        }
        if (isa_ == Isa::Popcnt) {
            sample_popcnt(extra);
            return;
        }
#endif
        step<false>(extra);
    }

    ToggleSnapshot snapshot() const {
        flush();
        return ToggleSnapshot{toggles_};
    }

    // Toggles of every bus since <since> (a window).
    std::vector<uint64_t> delta(const ToggleSnapshot& since) const {
        flush();
        std::vector<uint64_t> d(toggles_.size());
        for (size_t i = 0; i < toggles_.size(); ++i) d[i] = toggles_[i] - since.bus[i];
        return d;
    }

    uint64_t bus_toggles(size_t bus) const {
        flush();
        return toggles_[bus];
    }
    const std::vector<Bus>& buses() const { return buses_; }
    const std::vector<std::string>& instances() const { return instances_; }

    uint64_t class_toggles(SignalClass cls) const {
        flush();
        uint64_t sum = 0;
        for (size_t i = 0; i < buses_.size(); ++i)
            if (buses_[i].cls == cls) sum += toggles_[i];
        return sum;
    }

    uint64_t instance_class_toggles(size_t instance, SignalClass cls) const {
        flush();
        uint64_t sum = 0;
        for (size_t i = 0; i < buses_.size(); ++i)
            if (buses_[i].instance == instance && buses_[i].cls == cls) sum += toggles_[i];
        return sum;
    }

    // Lines "<prefix> <instance> <signal> <class> <width> <toggles>", one per bus, in registration order.
    void write(FILE* f, const char* prefix) const {
        flush();
        write_counts(f, prefix, toggles_);
    }

    void write_counts(FILE* f, const char* prefix, const std::vector<uint64_t>& counts) const {
        for (size_t i = 0; i < buses_.size(); ++i)
            std::fprintf(f, "%s %s %s %s %d %llu\n", prefix, instances_[buses_[i].instance].c_str(), buses_[i].signal.c_str(),
                         signal_class_name(buses_[i].cls), buses_[i].width, static_cast<unsigned long long>(counts[i]));
    }

private:
    enum class Isa : uint8_t { Plain, Popcnt, Avx2, Avx512 };

    // The chunks of a group: up to eight, 64 bytes, for the 512-bit form (one register); four, 32 bytes, for the others
    // (slots_, chosen with the form, before build()).
    static constexpr int kSlots = 8;

    struct NoExtra {
        __attribute__((always_inline)) inline void step(uint64_t*) {}
    };

    static uint64_t load(const unsigned char* address) {
        uint64_t v;
        std::memcpy(&v, address, sizeof v);
        return v;
    }

    static const unsigned char* chunk_of(const unsigned char* address) {
        return reinterpret_cast<const unsigned char*>(reinterpret_cast<uintptr_t>(address) & ~static_cast<uintptr_t>(7));
    }

    // Where <bytes> bytes at <address> sit in the value of their aligned 8-byte chunk: the shift of their lowest bit.
    // A member is aligned to its size, so it never straddles two chunks.
    static uint32_t shift_in_chunk(const unsigned char* address, size_t bytes) {
        const size_t offset = static_cast<size_t>(address - chunk_of(address));
        if (offset + bytes > 8) {
            std::fprintf(stderr, "toggle_counter: a counted word straddles an 8-byte boundary\n");
            std::abort();
        }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        return static_cast<uint32_t>(8 * (8 - offset - bytes));
#else
        return static_cast<uint32_t>(8 * offset);
#endif
    }

    // The bits (v >> low) & (2^width - 1) of a <bytes>-byte value v, in place.
    static uint64_t slice_bits(int width, int low, size_t bytes) {
        uint64_t bits = width >= 64 ? ~0ULL : ((1ULL << width) - 1);
        bits = low >= 64 ? 0 : bits << low;
        return bytes >= 8 ? bits : bits & ((1ULL << (8 * bytes)) - 1);
    }

    // A registered word before arm(): its bytes in the model, its counted bits (in its own value), the bus its toggles
    // go to, and for a gated probe the gate.
    struct Word {
        const unsigned char* address;
        size_t bytes;
        uint64_t bits;
        uint32_t bus;
        const CData* gate;

        const unsigned char* chunk() const { return chunk_of(address); }
        uint64_t chunk_mask() const { return bits << shift_in_chunk(address, bytes); }
    };

    // Four chunks: the counted bits of each, their values at the last sample, their addresses (consecutive ones in
    // the usual case: one 32-byte load) and the segments of their buses. A slot without a chunk has no counted bits.
    struct alignas(64) Group {
        uint64_t mask[kSlots];
        uint64_t previous[kSlots];
        const unsigned char* address[kSlots];
        uint32_t first;
        uint32_t count;
        bool adjacent;
    };

    // The bits of one bus in one chunk (slot) of a group.
    struct Segment {
        uint64_t mask;
        uint32_t slot;
        uint32_t bus;
    };

    // A gated probe: its bits in a chunk of a group; counted only when its gate is set.
    struct GatedSegment {
        uint64_t mask;
        uint32_t group;
        uint32_t slot;
        uint32_t bus;
    };

    struct GateGroup {
        const CData* gate;
        uint32_t first;
        uint32_t count;
    };

    // Where a chunk is kept: its group and slot.
    struct ChunkPlace {
        const unsigned char* chunk;
        uint32_t group;
        uint32_t slot;
    };

    // A scalar signal of 1..64 bits read through its aligned 8-byte chunk: (chunk >> shift) & mask, the same few
    // instructions for any size.
    struct Field {
        const unsigned char* chunk;
        uint64_t mask;
        uint32_t shift;
        __attribute__((always_inline)) inline uint64_t get() const { return (load(chunk) >> shift) & mask; }
        template <class T>
        static Field of(const T& v, int width) {
            static_assert(sizeof(T) <= 8, "scalars of at most 64 bits");
            const unsigned char* address = reinterpret_cast<const unsigned char*>(&v);
            return Field{chunk_of(address), slice_bits(width, 0, sizeof(T)), shift_in_chunk(address, sizeof(T))};
        }
        bool operator==(const Field& o) const { return chunk == o.chunk && mask == o.mask && shift == o.shift; }
    };

    // An access port (address and data toggles between accesses) and, when it writes an array, the stored bits each
    // write flips; an array's write port is usually an access port too (same enable, address and data), read once.
    struct Port {
        const CData* enable;
        Field address;
        Field data;
        uint64_t last_address;
        uint64_t last_data;
        uint32_t address_bus;
        uint32_t data_bus;
        const unsigned char* array = nullptr;
        uint64_t depth = 0;
        uint32_t element_bytes = 0;
        uint32_t flips_bus = 0;
        uint64_t element_mask = 0;

        // The word at <index> of the array, limited to the data bits.
        __attribute__((always_inline)) inline uint64_t element(uint64_t index) const {
            const unsigned char* at = array + index * element_bytes;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
            const uint32_t shift = 8 * (8 - static_cast<uint32_t>(reinterpret_cast<uintptr_t>(at) & 7) - element_bytes);
#else
            const uint32_t shift = 8 * static_cast<uint32_t>(reinterpret_cast<uintptr_t>(at) & 7);
#endif
            return (load(chunk_of(at)) >> shift) & element_mask;
        }
    };

    template <class T>
    size_t add_words(const T* first, size_t count, size_t instance, const std::string& signal, SignalClass cls, int width, int low = 0) {
        const size_t bus = add_counter(instance, signal, cls, width);
        const int bits_per_word = static_cast<int>(sizeof(T) * 8);
        if (low > 0) {
            // A slice of one word: bits low .. low + width - 1.
            words_.push_back(Word{reinterpret_cast<const unsigned char*>(first), sizeof(T), slice_bits(width, low, sizeof(T)), static_cast<uint32_t>(bus), nullptr});
            return bus;
        }
        for (size_t w = 0; w < count; ++w) {
            // Bits above the declared width are never counted, whatever the storage holds there.
            const int remaining = width - static_cast<int>(w) * bits_per_word;
            words_.push_back(Word{reinterpret_cast<const unsigned char*>(first + w), sizeof(T), slice_bits(std::min(remaining, bits_per_word), 0, sizeof(T)),
                                  static_cast<uint32_t>(bus), nullptr});
        }
        return bus;
    }

    void registering() const {
        if (built_) {
            std::fprintf(stderr, "toggle_counter: a probe was registered after arm()\n");
            std::abort();
        }
    }

    // Lays the registered words out in groups of chunks, the gated probes by gate, and the write flips on their ports.
    void build() {
        // The chunks, in address order (gated bits too: a gated probe reads its chunk's previous value, so the chunk
        // keeps it up to date).
        std::vector<const unsigned char*> chunks;
        for (const auto& w : words_) chunks.push_back(w.chunk());
        for (const auto& w : gated_words_) chunks.push_back(w.chunk());
        for (const auto& w : watched_words_) chunks.push_back(w.chunk());
        std::sort(chunks.begin(), chunks.end());
        chunks.erase(std::unique(chunks.begin(), chunks.end()), chunks.end());
        auto chunk_index = [&](const unsigned char* chunk) {
            return static_cast<size_t>(std::lower_bound(chunks.begin(), chunks.end(), chunk) - chunks.begin());
        };
        // Groups: a chunk opens a group, the chunks in the 64 bytes from it join it. A free slot reads the bytes at its
        // place when a counted chunk lies at or beyond it (between two counted chunks, so inside the model): every
        // group but the last, whose free slots after its last chunk read its first chunk; either way its mask is
        // zero. A group read in one piece is one 64-byte load (two 32-byte ones).
        std::vector<uint32_t> group_of(chunks.size()), slot_of(chunks.size());
        groups_.clear();
        for (size_t c = 0; c < chunks.size();) {
            Group g{};
            const unsigned char* base = chunks[c];
            uint32_t last = 0;
            for (uint32_t l = 0; l < slots_ && c < chunks.size(); ++l) {
                if (chunks[c] != base + 8 * l) continue;
                group_of[c] = static_cast<uint32_t>(groups_.size());
                slot_of[c] = l;
                last = l;
                ++c;
            }
            g.adjacent = last == slots_ - 1 || c < chunks.size();
            for (uint32_t l = 0; l < kSlots; ++l) g.address[l] = l < slots_ && (g.adjacent || l <= last) ? base + 8 * l : base;
            groups_.push_back(g);
        }
        // Segments per chunk: one per bus, its words' bits together unless two registrations share bits (then each
        // counts on its own, as two buses would).
        std::vector<std::vector<Segment>> segments(groups_.size());
        for (const auto& w : words_) {
            const size_t c = chunk_index(w.chunk());
            const uint64_t mask = w.chunk_mask();
            groups_[group_of[c]].mask[slot_of[c]] |= mask;
            bool merged = false;
            for (auto& s : segments[group_of[c]]) {
                if (s.slot == slot_of[c] && s.bus == w.bus && (s.mask & mask) == 0) {
                    s.mask |= mask;
                    merged = true;
                    break;
                }
            }
            if (!merged) segments[group_of[c]].push_back(Segment{mask, slot_of[c], w.bus});
        }
        for (const auto* watched : {&gated_words_, &watched_words_}) {
            for (const auto& w : *watched) {
                const size_t c = chunk_index(w.chunk());
                groups_[group_of[c]].mask[slot_of[c]] |= w.chunk_mask();
            }
        }
        chunk_places_.clear();
        for (size_t c = 0; c < chunks.size(); ++c) chunk_places_.push_back(ChunkPlace{chunks[c], group_of[c], slot_of[c]});
        segments_.clear();
        for (size_t g = 0; g < groups_.size(); ++g) {
            groups_[g].first = static_cast<uint32_t>(segments_.size());
            groups_[g].count = static_cast<uint32_t>(segments[g].size());
            segments_.insert(segments_.end(), segments[g].begin(), segments[g].end());
        }
        // Gated probes by gate, in registration order within a gate.
        std::vector<const CData*> gates;
        for (const auto& w : gated_words_) gates.push_back(w.gate);
        std::sort(gates.begin(), gates.end());
        gates.erase(std::unique(gates.begin(), gates.end()), gates.end());
        gated_.clear();
        gate_groups_.clear();
        for (const CData* gate : gates) {
            const uint32_t first = static_cast<uint32_t>(gated_.size());
            for (const auto& w : gated_words_) {
                if (w.gate != gate) continue;
                const size_t c = chunk_index(w.chunk());
                gated_.push_back(GatedSegment{w.chunk_mask(), group_of[c], slot_of[c], w.bus});
            }
            gate_groups_.push_back(GateGroup{gate, first, static_cast<uint32_t>(gated_.size()) - first});
        }
        // Write flips on the access port of the same enable, address and data when there is one, else on their own.
        for (const Port& f : flips_) {
            bool attached = false;
            for (Port& p : ports_) {
                if (!p.array && p.enable == f.enable && p.address == f.address && p.data == f.data) {
                    p.array = f.array;
                    p.depth = f.depth;
                    p.element_bytes = f.element_bytes;
                    p.flips_bus = f.flips_bus;
                    p.element_mask = f.element_mask;
                    attached = true;
                    break;
                }
            }
            if (!attached) stores_.push_back(f);
        }
        flips_.clear();
        for (const Port& p : ports_) (p.array ? writes_ : p.data.mask ? reads_ : addresses_).push_back(p);
        ports_.clear();
        built_ = true;
    }

    static __attribute__((always_inline)) inline uint64_t ones(uint64_t v) { return static_cast<uint64_t>(__builtin_popcountll(v)); }

    // Changed bits are not split into buses every cycle: each group keeps, per bit, a count of its changes in
    // kPlanes bit planes (plane j holds bit j of every bit's count), and the counts go to the buses (flush) every
    // kFlushEvery samples and before the counts are read. kFlushEvery = 2^kPlanes - 1: a bit changes at most once
    // per sample, so a count never overflows its planes.
    static constexpr int kPlanes = 8;
    static constexpr uint32_t kFlushEvery = (1u << kPlanes) - 1;
    // The 512-bit form adds a group's changed bits to kLow planes only (a 3-bit count per bit), and every kDrainEvery =
    // 2^kLow - 1 samples adds those counts to the kPlanes planes (drain): a changed group costs 3 plane updates
    // instead of 8, and the 8-plane add is paid once per kDrainEvery samples, for the groups that changed in them.
    // Its planes go to the buses after a whole number of drains that fits them.
    static constexpr int kLow = 3;
    static constexpr uint32_t kDrainEvery = (1u << kLow) - 1;
    static constexpr uint32_t kDrainedFlushEvery = kFlushEvery / kDrainEvery * kDrainEvery;

    // Planes of slots_ words each (32 bytes for four-chunk groups, 64 for eight), kPlanes per group, in storage of
    // 64-byte units.
    struct alignas(64) Plane {
        uint64_t bits[kSlots];
    };

    // The groups whose counted bits changed since the last sample: their values become the previous ones, and their
    // changed bits are added to the group's counts (a ripple-carry add over all planes).
    __attribute__((always_inline)) inline void scan_groups() {
        const uint32_t slots = slots_;
        uint64_t* planes = reinterpret_cast<uint64_t*>(planes_.data());
        Group* const groups = groups_.data();
        for (size_t i = 0, n = groups_.size(); i < n; ++i, planes += kPlanes * slots) {
            Group& g = groups[i];
            uint64_t now[kSlots];
            uint64_t carry[kSlots];
            uint64_t any = 0;
            for (int l = 0; l < kSlots; ++l) {
                now[l] = load(g.address[l]);
                carry[l] = (now[l] ^ g.previous[l]) & g.mask[l];
                any |= carry[l];
            }
            if (!any) continue;
            for (int l = 0; l < kSlots; ++l) g.previous[l] = now[l];
            for (int j = 0; j < kPlanes; ++j) {
                for (int l = 0; l < kSlots; ++l) {
                    if (l >= static_cast<int>(slots)) break;
                    const uint64_t p = planes[j * slots + l];
                    planes[j * slots + l] = p ^ carry[l];
                    carry[l] &= p;
                }
            }
        }
    }

#ifdef HWGEN_X86_DISPATCH
    // The same with one 32-byte load, XOR, AND and test per group of four chunks (a gathered load for the last group
    // when its chunks are not adjacent) and the planes in 256-bit registers.
    __attribute__((target("avx2,popcnt"), optimize("O2"))) void scan_groups_avx2() {
        uint64_t* planes = reinterpret_cast<uint64_t*>(planes_.data());
        Group* const groups = groups_.data();
        for (size_t i = 0, n = groups_.size(); i < n; ++i, planes += kPlanes * 4) {
            Group& g = groups[i];
            const __m256i now = g.adjacent
                ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(g.address[0]))
                : _mm256_set_epi64x(static_cast<long long>(load(g.address[3])), static_cast<long long>(load(g.address[2])),
                                    static_cast<long long>(load(g.address[1])), static_cast<long long>(load(g.address[0])));
            __m256i carry = _mm256_and_si256(_mm256_xor_si256(now, _mm256_load_si256(reinterpret_cast<const __m256i*>(g.previous))),
                                             _mm256_load_si256(reinterpret_cast<const __m256i*>(g.mask)));
            if (_mm256_testz_si256(carry, carry)) continue;
            _mm256_store_si256(reinterpret_cast<__m256i*>(g.previous), now);
#pragma GCC unroll 8
            for (int j = 0; j < kPlanes; ++j) {
                __m256i* plane = reinterpret_cast<__m256i*>(planes + 4 * j);
                const __m256i p = _mm256_load_si256(plane);
                _mm256_store_si256(plane, _mm256_xor_si256(p, carry));
                carry = _mm256_and_si256(carry, p);
            }
        }
        // Clean upper halves for the model's SSE code (GCC leaves this out under a target attribute).
        _mm256_zeroupper();
    }

    // The same with one 64-byte load, XOR, AND and test per group and the planes in 512-bit registers: half the
    // iterations and tests of the 256-bit form.
    __attribute__((target("avx512f,avx2,popcnt"), optimize("O2"))) void scan_groups_avx512() {
        Plane* planes = low_.data();
        Group* const groups = groups_.data();
        for (size_t i = 0, n = groups_.size(); i < n; ++i, planes += kLow) {
            Group& g = groups[i];
            const __m512i now = g.adjacent
                ? _mm512_loadu_si512(g.address[0])
                : _mm512_set_epi64(static_cast<long long>(load(g.address[7])), static_cast<long long>(load(g.address[6])),
                                   static_cast<long long>(load(g.address[5])), static_cast<long long>(load(g.address[4])),
                                   static_cast<long long>(load(g.address[3])), static_cast<long long>(load(g.address[2])),
                                   static_cast<long long>(load(g.address[1])), static_cast<long long>(load(g.address[0])));
            __m512i carry = _mm512_and_si512(_mm512_xor_si512(now, _mm512_load_si512(g.previous)), _mm512_load_si512(g.mask));
            if (_mm512_test_epi64_mask(carry, carry) == 0) continue;
            _mm512_store_si512(g.previous, now);
#pragma GCC unroll 8
            for (int j = 0; j < kLow; ++j) {
                const __m512i p = _mm512_load_si512(planes[j].bits);
                _mm512_store_si512(planes[j].bits, _mm512_xor_si512(p, carry));
                carry = _mm512_and_si512(carry, p);
            }
        }
        _mm256_zeroupper();
    }
#endif

    // The low counts of the 512-bit form added to the planes and zeroed (drain_avx512); unflushed_ counts the samples
    // the planes hold.
    void drain() const {
#ifdef HWGEN_X86_DISPATCH
        drain_avx512();
#endif
    }

#ifdef HWGEN_X86_DISPATCH
    // For the groups with any low count: a ripple-carry add of the kLow-bit counts into the kPlanes-bit ones, bit
    // plane by bit plane, 64 bytes at a time.
    __attribute__((target("avx512f,avx2,popcnt"), optimize("O2"))) void drain_avx512() const {
        Plane* planes = planes_.data();
        Plane* low = low_.data();
        const __m512i zero = _mm512_setzero_si512();
        for (size_t i = 0, n = groups_.size(); i < n; ++i, planes += kPlanes, low += kLow) {
            __m512i a[kLow];
            __m512i any = zero;
            for (int j = 0; j < kLow; ++j) {
                a[j] = _mm512_load_si512(low[j].bits);
                any = _mm512_or_si512(any, a[j]);
            }
            if (_mm512_test_epi64_mask(any, any) == 0) continue;
            __m512i carry = zero;
#pragma GCC unroll 8
            for (int j = 0; j < kPlanes; ++j) {
                const __m512i p = _mm512_load_si512(planes[j].bits);
                if (j < kLow) {
                    const __m512i half = _mm512_xor_si512(p, a[j]);
                    _mm512_store_si512(planes[j].bits, _mm512_xor_si512(half, carry));
                    carry = _mm512_or_si512(_mm512_and_si512(p, a[j]), _mm512_and_si512(carry, half));
                } else {
                    _mm512_store_si512(planes[j].bits, _mm512_xor_si512(p, carry));
                    carry = _mm512_and_si512(carry, p);
                }
            }
            for (int j = 0; j < kLow; ++j) _mm512_store_si512(low[j].bits, zero);
        }
        _mm256_zeroupper();
        unflushed_ += undrained_;
        undrained_ = 0;
    }
#endif

    // The counts in the planes, bus by bus, added to the totals; the planes start again from zero. Every group is
    // visited (no per-sample mark of the groups that counted: a store saved on every changed group, for a few
    // popcounts of zero planes every kFlushEvery samples).
    void flush() const {
        if (undrained_ != 0) drain();
        if (unflushed_ == 0) return;
#ifdef HWGEN_X86_DISPATCH
        if (isa_ != Isa::Plain) {
            flush_popcnt();
            return;
        }
#endif
        flush_counts();
    }

#ifdef HWGEN_X86_DISPATCH
    __attribute__((target("popcnt"))) void flush_popcnt() const { flush_counts(); }
#endif

    __attribute__((always_inline)) inline void flush_counts() const {
        const uint32_t slots = slots_;
        uint64_t* const planes = reinterpret_cast<uint64_t*>(planes_.data());
        for (size_t g = 0; g < groups_.size(); ++g) {
            uint64_t* const group_planes = planes + g * kPlanes * slots;
            const Group& group = groups_[g];
            for (uint32_t i = group.first; i < group.first + group.count; ++i) {
                const Segment& s = segments_[i];
                uint64_t n = 0;
                for (int j = 0; j < kPlanes; ++j) n += ones(group_planes[j * slots + s.slot] & s.mask) << j;
                toggles_[s.bus] += n;
            }
            for (uint32_t b = 0; b < kPlanes * slots; ++b) group_planes[b] = 0;
        }
        unflushed_ = 0;
    }

#ifdef HWGEN_X86_DISPATCH
    template <class Extra>
    __attribute__((target("popcnt"), optimize("O2"))) void sample_popcnt(Extra& extra) {
        step<false>(extra);
    }
    template <class Extra>
    __attribute__((target("avx2,popcnt"), optimize("O2"))) void sample_avx2(Extra& extra) {
        step<true>(extra);
    }
    template <class Extra>
    __attribute__((target("avx512f,avx2,popcnt"), optimize("O2"))) void sample_avx512(Extra& extra) {
        step<true, true>(extra);
    }
#endif

    // Always inlined, so the popcounts are compiled for the caller's target.
    template <bool Wide, bool Wider = false, class Extra>
    __attribute__((always_inline)) inline void step(Extra& extra) {
        uint64_t* const toggles = toggles_.data();
        const Group* const groups = groups_.data();
        // The probes the harness counts itself, and the gated probes, first: a chunk's previous value is still the last
        // sample's.
        extra.step(toggles);
        for (const auto& gg : gate_groups_) {
            if (!(*gg.gate & 1)) continue;
            for (uint32_t i = gg.first; i < gg.first + gg.count; ++i) {
                const GatedSegment& s = gated_[i];
                const Group& g = groups[s.group];
                toggles[s.bus] += ones((load(g.address[s.slot]) ^ g.previous[s.slot]) & s.mask);
            }
        }
#ifdef HWGEN_X86_DISPATCH
        if constexpr (Wider) {
            scan_groups_avx512();
        } else if constexpr (Wide) {
            scan_groups_avx2();
        } else {
            scan_groups();
        }
#else
        (void)Wide;
        (void)Wider;
        scan_groups();
#endif
#ifdef HWGEN_X86_DISPATCH
        if constexpr (Wider) {
            if (++undrained_ == kDrainEvery) {
                drain_avx512();
                if (unflushed_ == kDrainedFlushEvery) flush();
            }
        } else if (++unflushed_ == kFlushEvery) {
            flush();
        }
#else
        if (++unflushed_ == kFlushEvery) flush();
#endif
        // Ports with the enable set: address-only reads, reads with data, writes (with the stored bits flipped), array
        // writes without an access counter (stored bits flipped).
        for (auto& p : addresses_) {
            if (!(*p.enable & 1)) continue;
            const uint64_t address = p.address.get();
            toggles[p.address_bus] += ones(address ^ p.last_address);
            p.last_address = address;
        }
        for (auto& p : reads_) {
            if (!(*p.enable & 1)) continue;
            const uint64_t address = p.address.get();
            const uint64_t data = p.data.get();
            toggles[p.address_bus] += ones(address ^ p.last_address);
            toggles[p.data_bus] += ones(data ^ p.last_data);
            p.last_address = address;
            p.last_data = data;
        }
        for (auto& p : writes_) {
            if (!(*p.enable & 1)) continue;
            const uint64_t address = p.address.get();
            const uint64_t data = p.data.get();
            toggles[p.address_bus] += ones(address ^ p.last_address);
            toggles[p.data_bus] += ones(data ^ p.last_data);
            p.last_address = address;
            p.last_data = data;
            if (address < p.depth) toggles[p.flips_bus] += ones(p.element(address) ^ data);
        }
        for (const auto& p : stores_) {
            if (!(*p.enable & 1)) continue;
            const uint64_t address = p.address.get();
            if (address < p.depth) toggles[p.flips_bus] += ones(p.element(address) ^ p.data.get());
        }
    }

    std::vector<std::string> instances_;
    std::vector<Bus> buses_;
    mutable std::vector<uint64_t> toggles_;
    std::vector<Word> words_;
    std::vector<Word> gated_words_;
    std::vector<Word> watched_words_;
    std::vector<Group> groups_;
    std::vector<ChunkPlace> chunk_places_;
    std::vector<Segment> segments_;
    mutable std::vector<Plane> planes_;
    mutable std::vector<Plane> low_;
    mutable uint32_t undrained_ = 0;
    mutable uint32_t unflushed_ = 0;
    std::vector<GatedSegment> gated_;
    std::vector<GateGroup> gate_groups_;
    // Access ports and array write ports as registered; after arm(): address-only reads, reads, writes and stores.
    std::vector<Port> ports_;
    std::vector<Port> flips_;
    std::vector<Port> addresses_;
    std::vector<Port> reads_;
    std::vector<Port> writes_;
    std::vector<Port> stores_;
    bool built_ = false;
    Isa isa_ = Isa::Plain;
    uint32_t slots_ = 4;
};

}  // namespace hwgen
