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

    std::printf("%s\n", failures == 0 ? "ok" : "failed");
    t.write(stdout, "toggle");
    return failures == 0 ? 0 : 1;
}
