// Exact checks of testbenches/toggle_counter.h on every Verilator signal type, without a simulation: values are set by
// hand and every expected toggle count below is worked out by hand. Prints "ok" or the failed checks.
#include <cstdio>

#include "toggle_counter.h"

namespace {
int failures = 0;
void expect(const char* what, unsigned long long got, unsigned long long want) {
    if (got != want) {
        std::printf("FAIL %s: got %llu, want %llu\n", what, got, want);
        ++failures;
    }
}
}  // namespace

int main() {
    CData c = 0x0F;         // 5-bit bus
    SData s = 0x00FF;       // 12-bit bus
    IData i = 0xFFFFFFFFu;  // 32-bit bus
    QData q = 0;            // 40-bit bus
    VlWide<3> w{};          // 70-bit bus: words 0, 1 whole, 6 bits of word 2
    w.m_storage[0] = 0;
    w.m_storage[1] = 0;
    w.m_storage[2] = 0;

    hwgen::ToggleCounter t;
    const size_t lane0 = t.add_instance("TOP.core.lane0");
    const size_t lane1 = t.add_instance("TOP.core.lane1");
    const size_t bc = t.add(lane0, "c", hwgen::SignalClass::Register, c, 5);
    const size_t bs = t.add(lane0, "s", hwgen::SignalClass::Arithmetic, s, 12);
    const size_t bi = t.add(lane1, "i", hwgen::SignalClass::Arithmetic, i, 32);
    const size_t bq = t.add(lane1, "q", hwgen::SignalClass::MemoryPort, q, 40);
    const size_t bw = t.add(lane1, "w", hwgen::SignalClass::Queue, w, 70);

    // Reset values differ from the first armed values: arm() must take the current values as the baseline.
    c = 0x10;
    s = 0x0F0F;
    t.arm();
    t.sample();  // nothing changed since arm()
    expect("no change after arm", t.class_toggles(hwgen::SignalClass::Register) + t.class_toggles(hwgen::SignalClass::Arithmetic), 0);

    c = 0x1F;           // 0x10 -> 0x1F: 4 bits
    s = 0xF0F0;         // the low 12 bits go 0xF0F -> 0x0F0: 12 toggles; the 4 bits above the width are not counted
    i = 0x7FFFFFFEu;    // 2 bits
    q = 0xFF00000001ULL;  // 8 + 1 = 9 bits (all within 40)
    w.m_storage[0] = 0x80000001u;  // 2 bits
    w.m_storage[2] = 0xFFu;        // only 6 of these 8 bits are inside 70 bits
    t.sample();
    expect("CData toggles", t.bus_toggles(bc), 4);
    expect("SData masked to 12 bits", t.bus_toggles(bs), 12);
    expect("IData toggles", t.bus_toggles(bi), 2);
    expect("QData toggles", t.bus_toggles(bq), 9);
    expect("VlWide toggles, top word masked", t.bus_toggles(bw), 8);

    const hwgen::ToggleSnapshot window = t.snapshot();
    c = 0x00;           // 0x1F -> 0: 5 bits
    i = 0x7FFFFFFFu;    // 1 bit
    w.m_storage[1] = 0xFFFFFFFFu;  // 32 bits
    t.sample();
    t.sample();  // unchanged values: no toggles
    const std::vector<uint64_t> d = t.delta(window);
    expect("window CData", d[bc], 5);
    expect("window SData", d[bs], 0);
    expect("window IData", d[bi], 1);
    expect("window VlWide", d[bw], 32);
    expect("total CData", t.bus_toggles(bc), 9);

    expect("class register", t.class_toggles(hwgen::SignalClass::Register), 9);
    expect("class arithmetic", t.class_toggles(hwgen::SignalClass::Arithmetic), 12 + 3);
    expect("class queue", t.class_toggles(hwgen::SignalClass::Queue), 40);
    expect("lane0 arithmetic", t.instance_class_toggles(lane0, hwgen::SignalClass::Arithmetic), 12);
    expect("lane1 arithmetic", t.instance_class_toggles(lane1, hwgen::SignalClass::Arithmetic), 3);
    expect("lane1 memory port", t.instance_class_toggles(lane1, hwgen::SignalClass::MemoryPort), 9);

    // 64-bit counters: no wrap at 2^32.
    QData big = 0;
    hwgen::ToggleCounter many;
    const size_t b = many.add(many.add_instance("TOP.x"), "big", hwgen::SignalClass::NocLink, big, 64);
    many.arm();
    for (int k = 0; k < 70000000; ++k) {
        big = ~big;
        many.sample();
    }
    expect("64-bit counter past 2^32", many.bus_toggles(b), 64ULL * 70000000ULL);

    // Slices, gated counters, access ports, write flips and bumped counters, worked out by hand.
    SData state = 0;       // a 16-bit membrane; the slice is its bits 6..15
    CData gate = 0;
    CData enable = 0;
    SData address = 0;
    CData data = 0;
    VlUnpacked<CData, 4> array;
    for (int k = 0; k < 4; ++k) array[k] = 0;
    hwgen::ToggleCounter p;
    const size_t unit = p.add_instance("TOP.core.lane0.datapath");
    const size_t slice = p.add(unit, "state_in[15:6]", hwgen::SignalClass::Arithmetic, state, 10, 6);
    const size_t gated = p.add_gated(unit, "state_in[15:6]:in:comparator", hwgen::SignalClass::Arithmetic, state, 10, 6, gate);
    const size_t port = p.add_access(unit, "ra", hwgen::SignalClass::MemoryPort, enable, address, 9, data, 8);
    const size_t flips = p.add_write_flips(unit, "mem:flips", hwgen::SignalClass::MemoryPort, enable, address, 9, data, 8, array);
    const size_t cycles = p.add_counter(unit, "clk:cycles", hwgen::SignalClass::Register, 64);
    p.arm();
    state = 0x003F;  // only bits 0..5 change: outside the slice
    p.sample();
    expect("slice ignores low bits", p.bus_toggles(slice), 0);
    state = 0x0FC0;  // bits 6..11 set: 6 toggles in the slice, gate low
    p.sample();
    gate = 1;
    state = 0x0040;  // bits 7..11 clear: 5 toggles, gate high
    p.sample();
    expect("slice toggles", p.bus_toggles(slice), 11);
    expect("gated toggles only while the gate is set", p.bus_toggles(gated), 5);
    // Access port: address 0 -> 3 (2 bits), data 0 -> 0x0F (4 bits); an idle cycle with other values counts nothing.
    enable = 1;
    address = 3;
    data = 0x0F;
    array[3] = 0x0C;  // the write flips 0x0C ^ 0x0F = 2 bits
    p.sample();
    enable = 0;
    address = 0;
    data = 0xFF;
    p.sample();
    enable = 1;
    address = 1;  // 3 -> 1: 1 bit; data 0x0F -> 0xF0: 8 bits; array[1] = 0: 4 flips
    data = 0xF0;
    p.sample();
    address = 7;  // beyond the array's 4 words: the access counts (3 -> ... 1 -> 7: 2 bits), the flips do not
    p.sample();
    expect("address toggles between accesses", p.bus_toggles(port), 2 + 1 + 2);
    expect("data toggles between accesses", p.bus_toggles(port + 1), 4 + 8 + 0);
    expect("stored bits flipped by writes", p.bus_toggles(flips), 2 + 4);
    p.bump(cycles, 7);
    expect("bumped counter", p.bus_toggles(cycles), 7);

    // The same net registered twice (two buses on the same bits) counts on each; a net next to it in memory does not leak
    // into either.
    struct {
        CData a;
        CData b;
    } pair{0, 0};
    hwgen::ToggleCounter twice;
    const size_t where = twice.add_instance("TOP.core");
    const size_t first = twice.add(where, "a", hwgen::SignalClass::Register, pair.a, 8);
    const size_t second = twice.add(where, "a_again", hwgen::SignalClass::Register, pair.a, 3);
    twice.arm();
    pair.a = 0xFF;  // 8 toggles, 3 of them in the low 3 bits
    pair.b = 0xFF;  // not counted
    twice.sample();
    expect("first registration", twice.bus_toggles(first), 8);
    expect("second registration of the same bits", twice.bus_toggles(second), 3);

    // Probes the harness counts itself: the counter registers their counters (same indices as the ordinary forms) and
    // calls the harness's step once per sample, after its own counting.
    struct Extra {
        size_t bus = 0;
        int steps = 0;
        void step(uint64_t* counts) {
            counts[bus] += 2;
            ++steps;
        }
    } extra;
    hwgen::ToggleCounter own;
    const size_t at = own.add_instance("TOP.core.lane0");
    const size_t gated_bus = own.add_gated(hwgen::counted_by_harness, at, "x:in:adder", hwgen::SignalClass::Arithmetic, state, 10, 6, gate);
    const size_t access_bus = own.add_access(hwgen::counted_by_harness, at, "write", hwgen::SignalClass::MemoryPort, enable, address, 9, data, 8);
    const size_t flips_bus = own.add_write_flips(hwgen::counted_by_harness, at, "mem:flips", hwgen::SignalClass::MemoryPort, enable, address, 9, data, 8, array);
    expect("tagged gated bus", gated_bus, 0);
    expect("tagged access: address then data", access_bus, 1);
    expect("tagged flips after the data counter", flips_bus, 3);
    own.arm();
    extra.bus = access_bus + 1;
    gate = 1;
    enable = 1;
    state = 0x7FFF;
    own.sample(extra);
    own.sample(extra);
    expect("the harness's step runs once per sample", static_cast<unsigned long long>(extra.steps), 2);
    expect("the counter leaves tagged probes to the harness", own.bus_toggles(gated_bus) + own.bus_toggles(access_bus) + own.bus_toggles(flips_bus), 0);
    expect("the harness's counts", own.bus_toggles(access_bus + 1), 4);

    std::printf("%s\n", failures == 0 ? "ok" : "failed");
    t.write(stdout, "toggle");
    return failures == 0 ? 0 : 1;
}
