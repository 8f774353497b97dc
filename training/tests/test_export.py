"""Writing HwGen's .npy files and folding a fake-quantized model's scales into integer weights."""
import os
import tempfile
import unittest

import numpy as np

from hwgen_training import export


class SaveTests(unittest.TestCase):
    def test_smallest_signed_dtype_in_c_order(self):
        folder = tempfile.mkdtemp()
        for values, dtype in (([-128, 127], np.int8), ([-129, 0], np.int16), ([1 << 20], np.int32)):
            path = os.path.join(folder, "w.npy")
            export.save_integers(path, np.array(values))
            loaded = np.load(path)
            self.assertEqual(loaded.dtype, dtype)
            self.assertEqual(loaded.tolist(), values)
        path = os.path.join(folder, "t.npy")
        export.save_integers(path, np.arange(6).reshape(2, 3).T)     # a Fortran-ordered view is written in C order
        self.assertFalse(np.load(path).flags.f_contiguous and not np.load(path).flags.c_contiguous)

    def test_refuses_non_integers(self):
        with self.assertRaises(ValueError):
            export.save_integers(os.path.join(tempfile.mkdtemp(), "x.npy"), np.array([0.5]))


class FoldTests(unittest.TestCase):
    def test_fold_is_exact_for_power_of_two_ratios(self):
        # a_in = 0.5 * a_int, a_out = 2 * a_out_int, theta 16: w = W * 0.5 * 16 / 2 = 4 W.
        w, error = export.fold_scales(np.array([[1.0, -0.25]]), None, 0.5, 2.0, 16, 8)
        self.assertEqual(w.tolist(), [[4, -1]])
        self.assertEqual(error, 0.0)

    def test_fold_reports_the_rounding_and_refuses_overflow(self):
        w, error = export.fold_scales(np.array([0.3]), 1.0, 1.0, 1.0, 4, 8)
        self.assertEqual(w.tolist(), [1])
        self.assertAlmostEqual(error, 0.2)
        with self.assertRaises(ValueError):
            export.fold_scales(np.array([100.0]), 1.0, 1.0, 1.0, 4, 8)

    def test_largest_threshold_keeps_every_layer_in_range(self):
        # layer peaks |W| * a_in / a_out: 2.0 and 0.5; 127.5 / 2.0 = 63.75 -> 32.
        layers = [(np.array([2.0, -1.0]), None, 1.0, 1.0), (np.array([0.5]), None, 1.0, 1.0)]
        self.assertEqual(export.largest_threshold(layers, 8), 32)


if __name__ == "__main__":
    unittest.main()
