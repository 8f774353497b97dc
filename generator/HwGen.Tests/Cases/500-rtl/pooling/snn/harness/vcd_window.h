// Optional VCD waveform of a window of core cycles, for GTKWave: compiled in only by the --trace build variant
// (HWGEN_TRACE); the file is opened at the window's first cycle and closed at its end, so only the window is written.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>

#include "verilated.h"
#ifdef HWGEN_TRACE
#include "verilated_vcd_c.h"
#endif

namespace hwgen {

class VcdWindow {
public:
    // Returns false when this harness was built without tracing (the caller reports it).
    template <class Top>
    bool attach(VerilatedContext& context, Top& top, const char* path, uint64_t first, uint64_t end) {
#ifdef HWGEN_TRACE
        context.traceEverOn(true);
        vcd_ = std::make_unique<VerilatedVcdC>();
        top.trace(vcd_.get(), 99);
        path_ = path;
        first_ = first;
        end_ = end;
        return true;
#else
        (void)context;
        (void)top;
        (void)path;
        (void)first;
        (void)end;
        return false;
#endif
    }

    // After every evaluation: <cycle> counts core cycles from 0 (the first cycle after start), <half> 0 for the
    // clock-low and 1 for the clock-high evaluation. VCD time is 2 * cycle + half.
    void dump(uint64_t cycle, int half) {
#ifdef HWGEN_TRACE
        if (!vcd_) return;
        if (cycle >= first_ && cycle < end_) {
            if (!vcd_->isOpen()) vcd_->open(path_);
            vcd_->dump(2 * cycle + static_cast<uint64_t>(half));
        } else if (cycle >= end_ && vcd_->isOpen()) {
            vcd_->close();
        }
#else
        (void)cycle;
        (void)half;
#endif
    }

    void close() {
#ifdef HWGEN_TRACE
        if (vcd_ && vcd_->isOpen()) vcd_->close();
#endif
    }

private:
#ifdef HWGEN_TRACE
    std::unique_ptr<VerilatedVcdC> vcd_;
    const char* path_ = nullptr;
    uint64_t first_ = 0;
    uint64_t end_ = 0;
#endif
};

}  // namespace hwgen
