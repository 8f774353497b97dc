"""Writing what HwGen reads: integer weights and spike inputs as .npy files, and folding a float model's scales.

HwGen's keys (docs/spec.md, docs/training.md): a layer's `weights_file` holds signed integers of `weight_bits` bits,
fc [outputs, inputs] and conv2d [out_channels, in_channels, kernel, kernel]; `workload.stimulus.input_file` holds the
spike levels of one inference, [T, C, H, W]; `workload.test_set.inputs_file` holds N of them, [N, T, C, H, W], and
`labels_file` the N class indices. Every file is C order in the smallest integer dtype that holds it.
"""
import math

import numpy as np


def smallest_dtype(values):
    """int8 when every value fits, else int16, int32, int64 (HwGen accepts all of them)."""
    lo, hi = (int(values.min()), int(values.max())) if values.size else (0, 0)
    for dtype in (np.int8, np.int16, np.int32, np.int64):
        info = np.iinfo(dtype)
        if info.min <= lo and hi <= info.max:
            return dtype
    raise ValueError("values do not fit 64 bits")


def save_integers(path, values):
    """numpy.save of an integer array in C order and its smallest signed dtype."""
    array = np.ascontiguousarray(np.asarray(values))
    if array.dtype.kind not in "iub":
        if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
            raise ValueError(f"{path}: HwGen data must be integers")
    array = array.astype(np.int64)
    np.save(path, array.astype(smallest_dtype(array)))


def check_weights(weights, weight_bits):
    """Raises ValueError unless every weight fits a signed weight_bits-bit integer."""
    lo, hi = -(1 << (weight_bits - 1)), (1 << (weight_bits - 1)) - 1
    if weights.size and (weights.min() < lo or weights.max() > hi):
        raise ValueError(f"weights span {weights.min()}..{weights.max()}, outside {lo}..{hi} ({weight_bits} bits)")


def fold_scales(weight, weight_scale, input_scale, output_scale, threshold, weight_bits):
    """
    Integer weights for HwGen from one layer of a fake-quantized model whose real activations are
    a = input_scale * a_int (input) and a_out = output_scale * a_out_int, and whose real weights are weight (float) or
    weight_scale * w_int. HwGen computes a_out_int = clamp(floor(sum w * a_int / threshold), 0, 2^b_a - 1), so the
    integer weight that gives the same pre-activation in units of the output step is
        w = round(weight * input_scale * threshold / output_scale).
    When threshold * weight_scale * input_scale / output_scale is a power of two times an integer this is exact;
    otherwise the weights are requantised (the returned error says by how much). Returns (w, max_abs_error_in_steps).
    """
    real = np.asarray(weight, dtype=np.float64)
    if weight_scale is not None:
        real = real * weight_scale
    factor = input_scale * threshold / output_scale
    scaled = real * factor
    w = np.round(scaled).astype(np.int64)
    check_weights(w, weight_bits)
    error = float(np.max(np.abs(scaled - w))) if w.size else 0.0
    return w, error


def largest_threshold(layers, weight_bits):
    """
    The largest power-of-two threshold that keeps every folded weight within weight_bits: layers is a list of
    (weight, weight_scale, input_scale, output_scale) as for fold_scales. HwGen has one threshold for all layers, so
    the layer with the least headroom decides; a larger threshold keeps more of each weight's resolution.
    """
    hi = (1 << (weight_bits - 1)) - 1
    best = None
    for weight, weight_scale, input_scale, output_scale in layers:
        real = np.abs(np.asarray(weight, dtype=np.float64)) * (1.0 if weight_scale is None else weight_scale)
        peak = float(real.max()) * input_scale / output_scale if real.size else 0.0
        if peak == 0:
            continue
        limit = (hi + 0.5) / peak
        best = limit if best is None else min(best, limit)
    if best is None or best < 1:
        raise ValueError("no power-of-two threshold of at least 1 keeps the weights within range")
    return 1 << int(math.floor(math.log2(best)))
